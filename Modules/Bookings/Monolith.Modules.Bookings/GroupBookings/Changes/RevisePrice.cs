using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.GroupBookings.Changes;

/// <summary>A price revision (Zonza art. 5): fuel, third-party taxes or exchange rates, up or down, with its calculation; an increase
/// is notified at least 20 days before the start; above +8 % of the total the customer may cancel without fees. The customer receives
/// the calculation by e-mail.</summary>
internal static class RevisePrice
{
    internal sealed record Request(long Amount, VatRate VatRate, string Calculation, DateOnly? NotifiedOn);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Amount).NotEqual(0).WithMessage("Indiquez la variation de prix (en centimes, négative pour une baisse).");
            RuleFor(r => r.VatRate).Must(v => !v.IsOutOfScope && v.BasisPoints is 0 or 550 or 1000 or 2000);
            RuleFor(r => r.Calculation).NotEmpty().MaximumLength(2000).WithMessage("La révision est notifiée avec son calcul.");
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        GroupBookingRoutes.Staff(app).MapPost("/{bookingId}/price-revision", Handle).RequireAuthorization("office-staff").Validate<Request>().Idempotent()
            .WithName("ReviseGroupBookingPrice").WithSummary("Revises the price with its calculation (at least 20 days before the start for an increase).");

    internal static async Task<Ok<GroupBookingView>> Handle(string bookingId, Request r, ICallerContext caller, HttpContext http, GroupBookingStore store,
        IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) =>
        await GroupBookingRoutes.RunAsync(store, caller, http, bookingId, new GroupBookings.RevisePrice(
            r.Amount, r.VatRate.BasisPoints, r.Calculation, r.NotifiedOn ?? await calendars.TodayAsync(caller.TenantId, ct), time.GetUtcNow()), ct);
}
