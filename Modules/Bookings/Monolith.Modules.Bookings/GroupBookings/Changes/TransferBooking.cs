using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.GroupBookings.Changes;

/// <summary>The customer transfers the contract to another person (cession, Zonza art. 10) notified at the latest 7 days before the
/// start (on that day still in time, the day after refused); both remain liable for the balance and the transfer's fees.</summary>
internal static class TransferBooking
{
    internal sealed record Request(GroupBookingRoutes.CustomerRequest NewCustomer, DateOnly? NotifiedOn, long? Fee);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.NewCustomer).NotNull().SetValidator(new GroupBookingRoutes.CustomerValidator());
            RuleFor(r => r.Fee).GreaterThanOrEqualTo(0).When(r => r.Fee is not null);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        GroupBookingRoutes.Staff(app).MapPost("/{bookingId}/transfer", Handle).RequireAuthorization("office-staff").Validate<Request>().Idempotent()
            .WithName("TransferGroupBooking").WithSummary("Transfers the contract to another customer (at the latest 7 days before the start).");

    internal static async Task<Ok<GroupBookingView>> Handle(string bookingId, Request r, ICallerContext caller, HttpContext http, GroupBookingStore store,
        IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) =>
        await GroupBookingRoutes.RunAsync(store, caller, http, bookingId, new GroupBookings.TransferBooking(
            r.NewCustomer.ToCustomer(caller.TenantId), r.NotifiedOn ?? await calendars.TodayAsync(caller.TenantId, ct), r.Fee ?? 0, time.GetUtcNow()), ct);
}
