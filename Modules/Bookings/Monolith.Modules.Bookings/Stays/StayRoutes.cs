using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Bookings.GroupBookings;

namespace Monolith.Modules.Bookings.Stays;

/// <summary>The short stays' route group, the one way a stay command runs and answers (the stay with its revision as ETag), and
/// GET of one stay.</summary>
internal static class StayRoutes
{
    public const string Base = "/api/bookings/stays";

    public static RouteGroupBuilder Staff(IEndpointRouteBuilder app) => app.MapGroup(Base).WithTags("Bookings — short stays and rentals");

    public static void Map(IEndpointRouteBuilder app) =>
        Staff(app).MapGet("/{stayId}", async Task<Ok<StayView>> (string stayId, ICallerContext caller, HttpContext http, CommandHandler handler, CancellationToken ct) =>
        {
            var loaded = await handler.LoadAsync(ShortStay.Decider, ShortStay.StreamId(stayId), caller.TenantId, mustExist: true, ct);
            http.Response.SetRevision(loaded.Revision);
            return TypedResults.Ok(StayView.From(loaded.State, loaded.Revision));
        }).RequireAuthorization("office-read").WithName("GetShortStay");

    public static async Task<Ok<StayView>> RunAsync(CommandHandler handler, ICallerContext caller, HttpContext http, string stayId, StayCommand command, CancellationToken ct)
    {
        var result = await handler.HandleAsync(ShortStay.Decider, ShortStay.StreamId(stayId), command, caller.ForRequest(http), CommandOptions.ExistingStream, ct);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Ok(StayView.From(result.State, result.Revision));
    }
}

/// <summary>A short stay as staff see it. <c>Status</c>: booked (awaiting the payment due at booking), confirmed (deposit paid, balance
/// due 30 days before arrival), settled, cancelled.</summary>
internal sealed record StayView(
    string StayId, string Reference, string Status, string CustomerId, string CustomerName, string Lodging, string Category, DateOnly Arrival, DateOnly Departure,
    int Nights, int Adults, int Minors, IReadOnlyList<PricedLineView> Lines, long StayTotal, long TouristTax, long DueAtBooking, bool FullPaymentAtBooking, long Balance,
    DateOnly? BalanceDueOn, string? InvoiceNumber, string? BalanceInvoiceNumber, long SecurityDeposit, string SecurityDepositStatus, long? SecurityDepositWithheld,
    int TermsVersion, CancellationView? Cancellation, long Revision, string? GiftVoucherCode = null, long PaidByGiftVoucher = 0) : IHasCurrency
{
    public string Currency => Currencies.Euro;

    public static StayView From(StayState s, long revision)
    {
        var b = s.Booking!;
        var c = s.Cancellation;
        return new StayView(
            s.StayId!, b.Reference, s.Status.ToString().ToLowerInvariant(), b.Customer.CustomerId, b.Customer.Name, b.Lodging.Label,
            b.Lodging.Category.ToString().ToLowerInvariant(), b.Arrival, b.Departure, b.Nights, b.Adults, b.Minors,
            [.. b.Lines.Select(l => new PricedLineView(l.Label, l.Date, l.Quantity, l.UnitPriceTtc, VatRate.Of(l.VatRateBasisPoints), l.Total, l.ProviderName, l.ThirdPartyFunds))],
            b.StayTotal, b.TouristTax, b.DueAtBooking, b.FullPayment, s.Balance, b.FullPayment ? null : b.Arrival.AddDays(-b.Terms.ShortStayFullPaymentWithinDays),
            s.InvoiceNumber, s.BalanceInvoiceNumber, b.Lodging.SecurityDeposit,
            b.Lodging.SecurityDeposit <= 0 ? "none" : s.SecurityDepositReturn is not null ? "returned" : s.SecurityDepositHeld ? "held" : "expected",
            s.SecurityDepositReturn?.Withheld, b.Terms.Version,
            c is null ? null : new CancellationView("customer", c.ReceivedOn, c.Charge.Rule, c.Charge.DaysBefore, c.Charge.Percent, c.Charge.Fee, 0,
                c.Charge.Refund + c.TouristTaxRefund, c.Charge.StillOwed, 0, null, null, c.ExceptionalCircumstances, c.Reason, 0, InvoiceCreditView.From(c.Corrections),
                c.FeeInvoiced, s.CancellationFeeInvoiceNumber, InvoiceCreditView.LinesOf(c.FeeInvoiceLines)),
            revision, b.Gift?.Code, b.Covered);
    }
}
