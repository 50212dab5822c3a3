using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Compliance.Contracts;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Compliance.Archives;

/// <summary>An on-demand archive: a fiscal year (<paramref name="Year"/>) or a period (<paramref name="From"/>–<paramref name="To"/>,
/// office dates, at most 366 days, ended before today).</summary>
internal sealed record CreateArchiveRequest(int? Year, DateOnly? From, DateOnly? To);

internal sealed class CreateArchiveValidator : AbstractValidator<CreateArchiveRequest>
{
    public CreateArchiveValidator()
    {
        RuleFor(r => r).Must(r => (r.Year is not null) != (r.From is not null || r.To is not null))
            .WithMessage("Indiquez soit une année (year), soit une période (from et to).");
        RuleFor(r => r.Year).InclusiveBetween(2000, 2999).When(r => r.Year is not null).WithMessage("L'année doit être comprise entre 2000 et 2999.");
        RuleFor(r => r.From).NotNull().When(r => r.To is not null).WithMessage("La date de début (from) est obligatoire avec une date de fin.");
        RuleFor(r => r.To).NotNull().When(r => r.From is not null).WithMessage("La date de fin (to) est obligatoire avec une date de début.");
        RuleFor(r => r).Must(r => r.From <= r.To && r.To!.Value.DayNumber - r.From!.Value.DayNumber < 366)
            .When(r => r.From is not null && r.To is not null)
            .WithMessage("La période doit commencer avant sa fin et couvrir au plus 366 jours.");
    }
}

/// <summary>POST <c>/api/compliance/archives</c> (accountant or office admin): builds, signs and stores the office's archive of a
/// closed period; 201 with its Location. A period not yet over is refused (422): an archive holds a finished period.</summary>
internal static class CreateArchiveEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/compliance").WithTags("Compliance").MapPost("/archives", HandleAsync)
            .RequireAuthorization(PlatformPolicies.Accountant).Validate<CreateArchiveRequest>().Idempotent().WithName("CreateArchive")
            .WithSummary("Builds the office's signed archive of a finished fiscal year or period (events, invoices and credit notes as PDF, FEC).");

    internal static async Task<Results<Created<ArchiveInfo>, ProblemHttpResult>> HandleAsync(
        CreateArchiveRequest request, ICallerContext caller, OfficeArchives archives, IOfficeCalendars calendars, CancellationToken ct)
    {
        var period = request.Year is { } year ? ArchivePeriod.Year(year) : new ArchivePeriod(request.From!.Value, request.To!.Value);
        var today = (await calendars.ForAsync(caller.TenantId, ct)).Today;
        if (period.To >= today)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Période non terminée",
                detail: $"La période se termine le {period.To:dd/MM/yyyy} : une archive ne porte que sur une période terminée (au plus tard hier).",
                type: "https://monolith.example/problems/compliance/period-not-over");
        }

        var archive = await archives.CreateAsync(caller.TenantId, period, "on demand", caller.UserId, ct);
        return TypedResults.Created($"/api/compliance/archives/{archive.Name}", archive);
    }
}
