using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Offices.Directory;
using Monolith.Modules.Offices.Offices;

namespace Monolith.Modules.Offices.Terms;

/// <summary>Versioned terms of sale: a text and the settings other modules read (deposit rate, file fees, deadlines...).
/// A booking keeps the version it was contracted under; a new version never changes an old one.</summary>
internal static class TermsOfSaleEndpoints
{
    public sealed record PublishTermsRequest(string Title, [property: MaxText(200_000)] string Text, Dictionary<string, string>? Settings, DateOnly EffectiveFrom);

    public sealed class PublishTermsValidator : AbstractValidator<PublishTermsRequest>
    {
        public PublishTermsValidator()
        {
            RuleFor(r => r.Title).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Text).NotEmpty();
            RuleFor(r => r.EffectiveFrom).NotEqual(default(DateOnly)).WithMessage("The date the terms take effect is required.");
            RuleForEach(r => r.Settings).Must(kv => !string.IsNullOrWhiteSpace(kv.Key)).WithMessage("Setting names cannot be empty.");
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/office/terms-of-sale").WithTags("Office");

        group.MapPost("/", async (PublishTermsRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(
                Office.Decider,
                Office.StreamId(caller.TenantId),
                new PublishTermsOfSale(request.Title, request.Text, request.Settings ?? [], request.EffectiveFrom, time.GetUtcNow()),
                caller.ForRequest(http),
                CommandOptions.ExistingStream,
                ct);
            var published = result.NewEvents.OfType<TermsOfSalePublished>().Single();
            var version = new TermsOfSaleVersion(published.Version, published.Title, published.Text, published.Settings, published.EffectiveFrom, published.PublishedAt);
            return Results.Created($"/api/office/terms-of-sale/{published.Version}", version).WithRevision(result.Revision);
        }).RequireAuthorization("office-admin").Validate<PublishTermsRequest>().Idempotent()
          .WithSummary("Publishes a new version of the terms of sale (versions are numbered 1, 2, 3...).");

        group.MapGet("/", async (ICallerContext caller, OfficeDirectory directory, CancellationToken ct) =>
            Results.Ok(await directory.ListTermsAsync(caller.TenantId, ct)))
            .RequireAuthorization("office-read").WithSummary("Every published version, oldest first.");

        group.MapGet("/{version:int}", async (int version, ICallerContext caller, OfficeDirectory directory, CancellationToken ct) =>
            await directory.GetTermsVersionAsync(caller.TenantId, version, ct) is { } terms
                ? Results.Ok(terms)
                : throw new NotFoundException($"The office has no version {version} of its terms of sale."))
            .RequireAuthorization("office-read");

        group.MapGet("/in-force", async (DateOnly? on, ICallerContext caller, OfficeDirectory directory, IOfficeCalendars calendars, CancellationToken ct) =>
        {
            var day = on ?? (await calendars.ForAsync(caller.TenantId, ct)).Today;
            return await directory.GetTermsInForceAsync(caller.TenantId, day, ct) is { } terms
                ? Results.Ok(terms)
                : throw new NotFoundException($"No terms of sale are in force on {day:dd/MM/yyyy}.");
        }).RequireAuthorization("office-read").WithSummary("The version in force on a date (default: today in the office's time zone).");
    }
}
