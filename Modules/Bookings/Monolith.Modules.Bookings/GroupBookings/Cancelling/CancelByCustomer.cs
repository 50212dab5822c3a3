using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.GroupBookings.Cancelling;

/// <summary>The customer cancels in writing; the date is the receipt's (default today in the office's calendar). The fee comes from
/// the booking's own terms version (schedule or deposit → credit note); exceptional and unavoidable circumstances waive it (the reason
/// is recorded); after a price revision above the threshold the cancellation is free. A no-show is charged as such.</summary>
internal static class CancelByCustomer
{
    internal sealed record Request(DateOnly? ReceivedOn, bool NoShow, bool ExceptionalCircumstances, string? Reason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Reason).NotEmpty().When(r => r.ExceptionalCircumstances)
                .WithMessage("Décrivez les circonstances exceptionnelles et inévitables qui justifient l'annulation sans frais.");
            RuleFor(r => r.Reason).MaximumLength(1000);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        GroupBookingRoutes.Staff(app).MapPost("/{bookingId}/cancellation", Handle).RequireAuthorization("office-staff").Validate<Request>().Idempotent()
            .WithName("CancelGroupBookingByCustomer").WithSummary("Records the customer's written cancellation and computes the fee from the booking's terms.");

    internal static async Task<Ok<GroupBookingView>> Handle(string bookingId, Request r, ICallerContext caller, HttpContext http, GroupBookingStore store,
        IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) =>
        await GroupBookingRoutes.RunAsync(store, caller, http, bookingId, new GroupBookings.CancelByCustomer(
            r.ReceivedOn ?? await calendars.TodayAsync(caller.TenantId, ct), r.NoShow, r.ExceptionalCircumstances, r.Reason, time.GetUtcNow()), ct);
}
