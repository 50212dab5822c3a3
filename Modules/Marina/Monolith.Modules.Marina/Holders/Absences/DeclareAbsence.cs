using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Marina.Holders.Registering;
using Monolith.Modules.Marina.Shared;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Marina.Holders.Absences;

/// <summary>The holder (portal) or the harbour office declares the dates the holder's boat is away: the berth is then free for visitors.</summary>
internal static class DeclareAbsence
{
    public sealed record AbsenceRequest(DateOnly From, DateOnly To);

    public sealed class Validator : AbstractValidator<AbsenceRequest>
    {
        public Validator() => RuleFor(r => r.To).GreaterThanOrEqualTo(r => r.From).WithMessage("La date de retour précède la date de départ.");
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/marina/portal/absences", (AbsenceRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, IOfficeCalendars calendars, TimeProvider time,
                CancellationToken ct) => DeclareAsync(Portal.PortalCaller.HolderId(caller), request, caller, http, handler, calendars, time, ct))
            .RequireAuthorization("customer").Validate<AbsenceRequest>().Idempotent().WithTags("Marina — holder portal").WithName("MarinaPortalDeclareAbsence")
            .WithSummary("The holder declares an absence (dates away): their berth is offered to visitors meanwhile.");

        app.MapPost("/api/marina/holders/{holderId}/absences", (string holderId, AbsenceRequest request, ICallerContext caller, HttpContext http, CommandHandler handler,
                IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) => DeclareAsync(holderId, request, caller, http, handler, calendars, time, ct))
            .RequireAuthorization("office-staff").Validate<AbsenceRequest>().Idempotent().WithTags("Marina — berth holders").WithName("MarinaDeclareAbsence")
            .WithSummary("The harbour office records an absence the holder announced.");
    }

    private static async Task<Ok<Registering.RegisterHolder.HolderView>> DeclareAsync(
        string holderId, AbsenceRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, IOfficeCalendars calendars, TimeProvider time, CancellationToken ct)
    {
        var absenceId = $"{request.From:yyyyMMdd}-{request.To:yyyyMMdd}";
        var result = await handler.HandleAsync(Holder.Decider, Holder.StreamId(holderId),
            new Holders.DeclareAbsence(new Absence(absenceId, request.From, request.To), await calendars.TodayAsync(caller.TenantId, ct), time.GetUtcNow()),
            caller.ForRequest(http), CommandOptions.ExistingStream, ct);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Ok(Registering.RegisterHolder.View(result.State));
    }
}
