using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.GroupBookings.Cancelling;

/// <summary>The office cancels: full refund of what was paid; too few participants only within the legal notice by trip length
/// (20 days over 6 days, 7 days for 2 to 6, 48 hours for a day); force majeure refunds what was paid for services not yet performed:
/// <c>performedThrough</c> (the services dated on or before that day were performed: exact per VAT rate and provider) or
/// <c>performedServices</c> (an amount, spread over the VAT rates in proportion); billing credits the services not performed by a partial
/// credit note of each invoice.</summary>
internal static class CancelByOffice
{
    internal sealed record Request(OfficeCancellationReason Reason, DateOnly? NotifiedOn, long? PerformedServices, string? Explanation, DateOnly? PerformedThrough = null);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Reason).Must(r => r != OfficeCancellationReason.AmendmentRefused)
                .WithMessage("Un avenant refusé s'enregistre avec POST …/amendments/current/refusal.");
            RuleFor(r => r.PerformedServices).GreaterThanOrEqualTo(0).When(r => r.PerformedServices is not null);
            RuleFor(r => r.Explanation).MaximumLength(1000);
            RuleFor(r => r.PerformedThrough).Null().When(r => r.Reason != OfficeCancellationReason.ForceMajeure)
                .WithMessage("Les prestations réalisées ne se déduisent qu'en cas de force majeure.");
            RuleFor(r => r.PerformedServices).Null().When(r => r.PerformedThrough is not null)
                .WithMessage("Indiquez soit la date jusqu'à laquelle les prestations ont été réalisées, soit leur montant, pas les deux.");
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        GroupBookingRoutes.Staff(app).MapPost("/{bookingId}/office-cancellation", Handle).RequireAuthorization("office-staff").Validate<Request>().Idempotent()
            .WithName("CancelGroupBookingByOffice").WithSummary("The office cancels (too few participants within the legal notice, force majeure, other): refund.");

    internal static async Task<Ok<GroupBookingView>> Handle(string bookingId, Request r, ICallerContext caller, HttpContext http, GroupBookingStore store,
        IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) =>
        await GroupBookingRoutes.RunAsync(store, caller, http, bookingId, new GroupBookings.CancelByOffice(
            r.Reason, r.NotifiedOn ?? await calendars.TodayAsync(caller.TenantId, ct), r.PerformedServices ?? 0, r.Explanation, time.GetUtcNow(), r.PerformedThrough), ct);
}
