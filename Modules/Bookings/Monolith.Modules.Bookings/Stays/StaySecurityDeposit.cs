using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.Stays;

/// <summary>The rental's security deposit (dépôt de garantie): not a price, never invoiced; staff record it received (on arrival) and
/// returned after the stay, with what is withheld and why (0 to the deposit).</summary>
internal static class StaySecurityDeposit
{
    internal sealed record ReceiveRequest(DateOnly? On);

    internal sealed record ReturnRequest(DateOnly? On, long Withheld, string? Reason);

    internal sealed class ReturnValidator : AbstractValidator<ReturnRequest>
    {
        public ReturnValidator()
        {
            RuleFor(r => r.Withheld).GreaterThanOrEqualTo(0);
            RuleFor(r => r.Reason).MaximumLength(1000);
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = StayRoutes.Staff(app);
        group.MapPost("/{stayId}/security-deposit", async Task<Ok<StayView>> (string stayId, ReceiveRequest r, ICallerContext caller, HttpContext http,
            CommandHandler handler, IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) =>
            await StayRoutes.RunAsync(handler, caller, http, stayId, new ReceiveSecurityDeposit(r.On ?? await calendars.TodayAsync(caller.TenantId, ct), time.GetUtcNow()), ct))
            .RequireAuthorization("office-staff").Idempotent().WithName("ReceiveStaySecurityDeposit").WithSummary("The security deposit received.");
        group.MapPost("/{stayId}/security-deposit/return", async Task<Ok<StayView>> (string stayId, ReturnRequest r, ICallerContext caller, HttpContext http,
            CommandHandler handler, IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) =>
            await StayRoutes.RunAsync(handler, caller, http, stayId,
                new ReturnSecurityDeposit(r.On ?? await calendars.TodayAsync(caller.TenantId, ct), r.Withheld, r.Reason, time.GetUtcNow()), ct))
            .RequireAuthorization("office-staff").Validate<ReturnRequest>().Idempotent().WithName("ReturnStaySecurityDeposit")
            .WithSummary("The security deposit returned, minus what is withheld (with the reason).");
    }
}
