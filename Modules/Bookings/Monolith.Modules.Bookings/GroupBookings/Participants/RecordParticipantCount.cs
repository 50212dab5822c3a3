using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.GroupBookings.Participants;

/// <summary>The customer's intermediate estimate or final count of participants. The final count, on or before its deadline, sets
/// who is invoiced; after the deadline changes are charged (additions billed, people removed still billed). The final count triggers
/// the final invoice (balance).</summary>
internal static class RecordParticipantCount
{
    internal sealed record Request(CountKind Kind, int Adults, int Children, bool? School, DateOnly? ReceivedOn);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Adults).GreaterThanOrEqualTo(0);
            RuleFor(r => r.Children).GreaterThanOrEqualTo(0);
            RuleFor(r => r.Adults + r.Children).GreaterThan(0).WithMessage("Indiquez au moins un participant.");
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        GroupBookingRoutes.Staff(app).MapPost("/{bookingId}/participant-counts", Handle).RequireAuthorization("office-staff").Validate<Request>().Idempotent()
            .WithName("RecordGroupParticipantCount").WithSummary("Intermediate estimate or final count of participants (received on a date, default today).");

    internal static async Task<Ok<GroupBookingView>> Handle(string bookingId, Request r, ICallerContext caller, HttpContext http, GroupBookingStore store,
        IOfficeCalendars calendars, TimeProvider time, CancellationToken ct)
    {
        var s = (await store.LoadAsync(caller.TenantId, bookingId, ct)).State;
        return await GroupBookingRoutes.RunAsync(store, caller, http, bookingId, new GroupBookings.RecordParticipantCount(
            r.Kind, new Party(r.Adults, r.Children, r.School ?? s.Party.School), r.ReceivedOn ?? await calendars.TodayAsync(caller.TenantId, ct), time.GetUtcNow()), ct);
    }
}
