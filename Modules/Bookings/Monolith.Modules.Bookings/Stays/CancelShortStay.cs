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

/// <summary>The customer's written cancellation of a stay, dated at receipt (default: today in the office's calendar): the "with lodging"
/// schedule of the stay's own terms on the stay's price (Zonza: 30–22 days 25 %, 21–15 days 50 %, 14–7 days 75 %, fewer or no-show
/// 100 %); the tourist tax paid is refunded (no night, no tax), except on a no-show.</summary>
internal static class CancelShortStay
{
    internal sealed record Request(DateOnly? ReceivedOn, bool NoShow, bool ExceptionalCircumstances, string? Reason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Reason).MaximumLength(1000);
            RuleFor(r => r.Reason).NotEmpty().When(r => r.ExceptionalCircumstances)
                .WithMessage("Des circonstances exceptionnelles et inévitables s'enregistrent avec leur motif.");
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        StayRoutes.Staff(app).MapPost("/{stayId}/cancellation", Handle).RequireAuthorization("office-staff").Validate<Request>().Idempotent()
            .WithName("CancelShortStay").WithSummary("Records the customer's cancellation of a stay; the fee follows the stay's terms (schedule with lodging).");

    internal static async Task<Ok<StayView>> Handle(string stayId, Request r, ICallerContext caller, HttpContext http, CommandHandler handler, IOfficeCalendars calendars,
        TimeProvider time, CancellationToken ct) =>
        await StayRoutes.RunAsync(handler, caller, http, stayId,
            new CancelStay(r.ReceivedOn ?? await calendars.TodayAsync(caller.TenantId, ct), r.NoShow, r.ExceptionalCircumstances, r.Reason, time.GetUtcNow()), ct);
}
