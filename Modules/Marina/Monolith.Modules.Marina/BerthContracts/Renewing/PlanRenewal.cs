using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Marina.Ports;

namespace Monolith.Modules.Marina.BerthContracts.Renewing;

/// <summary>Staff: the office's renewal dates for a season — when next season's contracts are proposed, and (optional) when the proposals
/// not signed by then are renewed tacitly.</summary>
internal static class PlanRenewal
{
    public sealed record RenewalPlanRequest(DateOnly ProposeOn, DateOnly? TacitRenewalOn);

    public sealed class Validator : AbstractValidator<RenewalPlanRequest>
    {
        public Validator() => RuleFor(r => r.TacitRenewalOn).GreaterThan(r => r.ProposeOn).When(r => r.TacitRenewalOn is not null)
            .WithMessage("La date de reconduction tacite doit suivre la date des propositions.");
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/marina/renewals/{season:int}", async Task<Ok<RenewalPlan>> (int season, RenewalPlanRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var plan = new RenewalPlan(season, request.ProposeOn, request.TacitRenewalOn);
            var result = await handler.HandleAsync(Port.Decider, Port.StreamId(caller.TenantId), new Ports.PlanRenewal(plan, time.GetUtcNow()), caller.ForRequest(http), ct: ct);
            http.Response.SetRevision(result.Revision);
            return TypedResults.Ok(plan);
        }).RequireAuthorization("office-staff").Validate<RenewalPlanRequest>().Idempotent().WithTags("Marina — contracts").WithName("MarinaPlanRenewal")
          .WithSummary("Sets when next season's contracts are proposed (same berth, the season's price list) and the optional tacit-renewal date.");
}
