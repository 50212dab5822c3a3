using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.GroupBookings.Confirming;

/// <summary>Staff record the quote returned signed ("bon pour accord", dated): within its validity it becomes the contract and the
/// deposit is asked (the deposit invoice is issued by billing and e-mailed); an expired quote cannot be signed (422 quote.expired).
/// The booking is firm once the deposit is received.</summary>
internal static class SignQuote
{
    internal sealed record Request(string SignedBy, DateOnly? SignedOn);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.SignedBy).NotEmpty().MaximumLength(200).WithMessage("Indiquez qui a signé le devis.");
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        GroupBookingRoutes.Staff(app).MapPost("/{bookingId}/signature", Handle).RequireAuthorization("office-staff").Validate<Request>().Idempotent()
            .WithName("SignGroupQuote").WithSummary("The quote came back signed and dated (default: today in the office's calendar).");

    internal static async Task<Ok<GroupBookingView>> Handle(string bookingId, Request r, ICallerContext caller, HttpContext http, GroupBookingStore store,
        IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) =>
        await GroupBookingRoutes.RunAsync(store, caller, http, bookingId,
            new GroupBookings.SignQuote(r.SignedBy, r.SignedOn ?? await calendars.TodayAsync(caller.TenantId, ct), time.GetUtcNow()), ct);
}
