using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.GroupBookings.Changes;

/// <summary>The office must change an essential element of the signed quote: it proposes an amendment (avenant, e-mailed as a document
/// to sign); the customer either accepts it (the services are replaced) or refuses it and the booking is cancelled with a full refund.</summary>
internal static class Amendments
{
    internal sealed record ProposeRequest(string Description, IReadOnlyList<GroupBookingRoutes.ServiceRequest> Services, DateOnly? NotifiedOn);

    internal sealed record AnswerRequest(DateOnly? On);

    internal sealed class ProposeValidator : AbstractValidator<ProposeRequest>
    {
        public ProposeValidator()
        {
            RuleFor(r => r.Description).NotEmpty().MaximumLength(2000);
            RuleFor(r => r.Services).NotEmpty();
            RuleForEach(r => r.Services).SetValidator(new GroupBookingRoutes.ServiceValidator());
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = GroupBookingRoutes.Staff(app).RequireAuthorization("office-staff");
        group.MapPost("/{bookingId}/amendments", Propose).Validate<ProposeRequest>().Idempotent()
            .WithName("ProposeGroupBookingAmendment").WithSummary("Proposes an amendment (avenant) replacing the services.");
        group.MapPost("/{bookingId}/amendments/current/acceptance", Accept).Idempotent().WithName("AcceptGroupBookingAmendment");
        group.MapPost("/{bookingId}/amendments/current/refusal", Refuse).Idempotent()
            .WithName("RefuseGroupBookingAmendment").WithSummary("The customer refuses: cancelled without penalty, everything paid refunded.");
    }

    internal static async Task<Ok<GroupBookingView>> Propose(string bookingId, ProposeRequest r, ICallerContext caller, HttpContext http, GroupBookingStore store,
        IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) =>
        await GroupBookingRoutes.RunAsync(store, caller, http, bookingId, new ProposeAmendment(
            r.Description.Trim(), [.. r.Services.Select(s => s.ToLine())], r.NotifiedOn ?? await calendars.TodayAsync(caller.TenantId, ct), time.GetUtcNow()), ct);

    internal static async Task<Ok<GroupBookingView>> Accept(string bookingId, AnswerRequest? r, ICallerContext caller, HttpContext http, GroupBookingStore store,
        IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) =>
        await GroupBookingRoutes.RunAsync(store, caller, http, bookingId, new AcceptAmendment(r?.On ?? await calendars.TodayAsync(caller.TenantId, ct), time.GetUtcNow()), ct);

    internal static async Task<Ok<GroupBookingView>> Refuse(string bookingId, AnswerRequest? r, ICallerContext caller, HttpContext http, GroupBookingStore store,
        IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) =>
        await GroupBookingRoutes.RunAsync(store, caller, http, bookingId, new RefuseAmendment(r?.On ?? await calendars.TodayAsync(caller.TenantId, ct), time.GetUtcNow()), ct);
}
