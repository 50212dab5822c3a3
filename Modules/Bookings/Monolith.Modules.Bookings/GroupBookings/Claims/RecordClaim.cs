using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.GroupBookings.Claims;

/// <summary>Staff record a customer's written claim (réclamation), dated at receipt (default: today in the office's calendar), within the
/// window of the booking's own terms: Pays Fertois 3 days from the disputed service (its date required), Zonza 7 days after the end.
/// Out of the window: 422 <c>claim.too-late</c>.</summary>
internal static class RecordClaim
{
    internal sealed record Request(DateOnly? ReceivedOn, DateOnly? DisputedServiceDate, string Description);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() =>
            RuleFor(r => r.Description).NotEmpty().MaximumLength(2000).WithMessage("Décrivez l'objet de la réclamation (2000 caractères au plus).");
    }

    public static void Map(IEndpointRouteBuilder app) =>
        GroupBookingRoutes.Staff(app).MapPost("/{bookingId}/claims", Handle).RequireAuthorization("office-staff").Validate<Request>().Idempotent()
            .WithName("RecordGroupBookingClaim").WithSummary("Records a customer's claim received within the window of the booking's terms.");

    internal static async Task<Ok<GroupBookingView>> Handle(string bookingId, Request r, ICallerContext caller, HttpContext http, GroupBookingStore store,
        IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) =>
        await GroupBookingRoutes.RunAsync(store, caller, http, bookingId, new GroupBookings.RecordClaim(
            r.ReceivedOn ?? await calendars.TodayAsync(caller.TenantId, ct), r.DisputedServiceDate, r.Description, time.GetUtcNow()), ct);
}
