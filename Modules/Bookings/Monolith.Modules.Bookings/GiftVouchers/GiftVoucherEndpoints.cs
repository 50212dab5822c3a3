using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Bookings.GroupBookings.Billing;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.GiftVouchers;

internal sealed record GiftVoucherView(string VoucherId, string Code, string BuyerName, string Beneficiary, string Stay, long Amount, DateOnly SoldOn, DateOnly ValidUntil,
    DateOnly? RedeemedOn, string? StayReference, string? InvoiceNumber, long Revision) : IHasCurrency
{
    public string Currency => Currencies.Euro;

    public static GiftVoucherView From(GiftVoucherState s, long revision) =>
        new(s.VoucherId!, s.Code, s.BuyerName, s.Beneficiary, s.Stay, s.Amount, s.SoldOn, s.ValidUntil, s.RedeemedOn, s.StayReference, s.InvoiceNumber, revision);
}

/// <summary>What a gift-voucher document shows.</summary>
internal sealed record GiftVoucherDocument(string Office, string Code, string Beneficiary, string BuyerName, string Stay, long Amount, DateOnly SoldOn, DateOnly ValidUntil);

/// <summary>Gift stays: sold and invoiced in full at once (billing, e-mailed to the buyer), the voucher document, its use on a stay
/// until its date (refused the day after: neither usable nor refundable).</summary>
internal static class GiftVoucherEndpoints
{
    internal sealed record SellRequest(GroupBookingRoutes.CustomerRequest Buyer, string Beneficiary, string Stay, long Amount, VatRate VatRate, DateOnly ValidUntil);

    internal sealed record RedeemRequest(string StayReference, DateOnly? On);

    internal sealed class SellValidator : AbstractValidator<SellRequest>
    {
        public SellValidator()
        {
            RuleFor(r => r.Buyer).NotNull().SetValidator(new GroupBookingRoutes.CustomerValidator());
            RuleFor(r => r.Beneficiary).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Stay).NotEmpty().MaximumLength(300);
            RuleFor(r => r.Amount).GreaterThan(0);
            RuleFor(r => r.VatRate).Must(v => !v.IsOutOfScope && v.BasisPoints is 0 or 550 or 1000 or 2000);
        }
    }

    internal sealed class RedeemValidator : AbstractValidator<RedeemRequest>
    {
        public RedeemValidator() => RuleFor(r => r.StayReference).NotEmpty().MaximumLength(100);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/bookings/gift-vouchers").WithTags("Bookings — gift stays");
        group.MapPost("/", Sell).RequireAuthorization("office-staff").Validate<SellRequest>().Idempotent().WithName("SellGiftVoucher");
        group.MapGet("/{voucherId}", async Task<Ok<GiftVoucherView>> (string voucherId, ICallerContext caller, HttpContext http, CommandHandler handler, CancellationToken ct) =>
        {
            var loaded = await handler.LoadAsync(GiftVoucher.Decider, GiftVoucher.StreamId(voucherId), caller.TenantId, mustExist: true, ct);
            http.Response.SetRevision(loaded.Revision);
            return TypedResults.Ok(GiftVoucherView.From(loaded.State, loaded.Revision));
        }).RequireAuthorization("office-read").WithName("GetGiftVoucher");
        group.MapGet("/{voucherId}/document", async Task<Results<FileContentHttpResult, ContentHttpResult>> (string voucherId, string? format, ICallerContext caller,
            CommandHandler handler, IOfficeDirectory offices, Documents.BookingDocuments documents, CancellationToken ct) =>
        {
            var s = (await handler.LoadAsync(GiftVoucher.Decider, GiftVoucher.StreamId(voucherId), caller.TenantId, mustExist: true, ct)).State;
            var office = await offices.GetOfficeAsync(caller.TenantId, ct);
            var document = await documents.RenderAsync("bookings.gift-voucher", new GiftVoucherDocument(
                office?.Legal?.LegalName ?? office?.Name ?? "Office de tourisme", s.Code, s.Beneficiary, s.BuyerName, s.Stay, s.Amount, s.SoldOn, s.ValidUntil),
                $"bon-cadeau-{s.Code}", ct, html: string.Equals(format, "html", StringComparison.OrdinalIgnoreCase));
            return document.IsPdf
                ? TypedResults.File(document.Content, document.ContentType, document.FileName)
                : TypedResults.Content(document.Html, "text/html; charset=utf-8");
        }).RequireAuthorization("office-read").WithName("GetGiftVoucherDocument")
            .WithSummary("The gift voucher as PDF (the HTML page with ?format=html, or when the server cannot print).");
        group.MapPost("/{voucherId}/redemption", async Task<Ok<GiftVoucherView>> (string voucherId, RedeemRequest r, ICallerContext caller, HttpContext http,
            CommandHandler handler, IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(GiftVoucher.Decider, GiftVoucher.StreamId(voucherId),
                new RedeemGiftVoucher(r.On ?? await calendars.TodayAsync(caller.TenantId, ct), r.StayReference, time.GetUtcNow()), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            http.Response.SetRevision(result.Revision);
            return TypedResults.Ok(GiftVoucherView.From(result.State, result.Revision));
        }).RequireAuthorization("office-staff").Validate<RedeemRequest>().Idempotent().WithName("RedeemGiftVoucher");
    }

    internal static async Task<Created<GiftVoucherView>> Sell(SellRequest r, ICallerContext caller, HttpContext http, CommandHandler handler, IOfficeCalendars calendars, TimeProvider time,
        IBillingService billing, CancellationToken ct)
    {
        var key = http.Request.Headers[Idempotency.HeaderName].ToString();
        var voucherId = (string.IsNullOrEmpty(key) ? Guid.NewGuid() : DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"bookings-gift/{caller.TenantId}/{key}"))
            .ToString("N")[..10];
        var buyer = r.Buyer.ToCustomer(caller.TenantId);
        var today = await calendars.TodayAsync(caller.TenantId, ct);
        var result = await handler.HandleAsync(GiftVoucher.Decider, GiftVoucher.StreamId(voucherId), new SellGiftVoucher(
            voucherId, buyer.CustomerId, buyer.Name, r.Beneficiary, r.Stay, r.Amount, r.VatRate.BasisPoints, today, r.ValidUntil, time.GetUtcNow()), caller.ForRequest(http), ct: ct);
        if (result.State.InvoiceNumber is null)
        {
            var invoice = await billing.IssueInvoiceAsync(caller.TenantId, new IssueInvoiceRequest(
                BookingBilling.SourceModule, $"gift-{voucherId}", BookingBilling.Customer(buyer),
                [new InvoiceLineRequest($"Séjour-cadeau « {result.State.Stay} » pour {result.State.Beneficiary} (bon {result.State.Code}, valable jusqu'au {r.ValidUntil:dd/MM/yyyy})",
                    1, r.Amount, r.VatRate)],
                $"Séjour-cadeau {result.State.Code}", 0, EmailToCustomer: true), ct);
            result = await handler.HandleAsync(GiftVoucher.Decider, GiftVoucher.StreamId(voucherId), new AttachGiftInvoice(invoice.InvoiceId, invoice.Number, time.GetUtcNow()),
                caller.ForRequest(http) with { Expected = null }, CommandOptions.ExistingStream, ct);
        }

        http.Response.SetRevision(result.Revision);
        return TypedResults.Created($"/api/bookings/gift-vouchers/{voucherId}", GiftVoucherView.From(result.State, result.Revision));
    }
}
