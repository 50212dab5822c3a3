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

namespace Monolith.Modules.Bookings.Bundles;

internal sealed record BundleItemView(string ItemId, string Label, int Quantity, int Remaining, long ListPriceTtc, long UnitPriceTtc, VatRate VatRate);

internal sealed record BundleVisitView(int Number, string DeliveryNoteReference, DateOnly On, IReadOnlyList<ConsumedItem> Consumed);

internal sealed record BundleView(string BundleId, string Reference, string CustomerId, string CustomerName, string Title, string Payment, long Total,
    IReadOnlyList<BundleItemView> Items, IReadOnlyList<BundleVisitView> Visits, string? InvoiceNumber, DateOnly? PaidOn, long Revision) : IHasCurrency
{
    public string Currency => Currencies.Euro;

    public static BundleView From(BundleState s, long revision) => new(
        s.BundleId!, s.Reference, s.Customer!.CustomerId, s.Customer.Name, s.Title, s.Payment.ToString().ToLowerInvariant(), s.Total,
        [.. s.Items.Select(i => new BundleItemView(i.ItemId, i.Label, i.Quantity, s.Remaining[i.ItemId], i.ListPriceTtc, i.UnitPriceTtc, VatRate.Of(i.VatRateBasisPoints)))],
        [.. s.Visits.Select(v => new BundleVisitView(v.Number, v.DeliveryNoteReference, v.On, v.Consumed))], s.InvoiceNumber, s.PaidOn, revision);
}

/// <summary>Group prepaid bundles: sell one (upfront: the invoice is issued by billing and e-mailed; deferred: invoiced with a 30-day
/// term and e-mailed acquitted once billing settles it), record a visit (what was
/// consumed is deducted; its delivery note is rendered by billing's document renderer), read it, print a visit's delivery note.</summary>
internal static class BundleEndpoints
{
    /// <summary>The minimum discount of a bundle's prices on the list prices ("à partir de 30 % de réduction").</summary>
    public const int MinimumDiscountPercent = 30;

    /// <summary>A deferred-payment bundle's invoice term.</summary>
    public const int DeferredPaymentTermDays = 30;

    internal sealed record ItemRequest(string ItemId, string Label, int Quantity, long ListPriceTtc, long UnitPriceTtc, VatRate VatRate);

    internal sealed record SellRequest(GroupBookingRoutes.CustomerRequest Customer, string Title, IReadOnlyList<ItemRequest> Items, BundlePayment Payment, DateOnly? SoldOn);

    internal sealed record VisitRequest(DateOnly? On, IReadOnlyList<ConsumedItem> Consumed);

    internal sealed class SellValidator : AbstractValidator<SellRequest>
    {
        public SellValidator()
        {
            RuleFor(r => r.Customer).NotNull().SetValidator(new GroupBookingRoutes.CustomerValidator());
            RuleFor(r => r.Title).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Items).NotEmpty();
            RuleForEach(r => r.Items).ChildRules(i =>
            {
                i.RuleFor(x => x.ItemId).NotEmpty().MaximumLength(50);
                i.RuleFor(x => x.Label).NotEmpty().MaximumLength(200);
                i.RuleFor(x => x.Quantity).GreaterThan(0);
                i.RuleFor(x => x.ListPriceTtc).GreaterThan(0);
                i.RuleFor(x => x.UnitPriceTtc).GreaterThanOrEqualTo(0);
                i.RuleFor(x => x.VatRate).Must(v => !v.IsOutOfScope && v.BasisPoints is 0 or 550 or 1000 or 2000);
            });
        }
    }

    internal sealed class VisitValidator : AbstractValidator<VisitRequest>
    {
        public VisitValidator() => RuleFor(r => r.Consumed).NotEmpty().WithMessage("Indiquez les prestations effectuées.");
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/bookings/bundles").WithTags("Bookings — prepaid group bundles");
        group.MapPost("/", Sell).RequireAuthorization("office-staff").Validate<SellRequest>().Idempotent().WithName("SellGroupBundle");
        group.MapGet("/{bundleId}", async Task<Ok<BundleView>> (string bundleId, ICallerContext caller, HttpContext http, CommandHandler handler, CancellationToken ct) =>
        {
            var loaded = await handler.LoadAsync(Bundle.Decider, Bundle.StreamId(bundleId), caller.TenantId, mustExist: true, ct);
            http.Response.SetRevision(loaded.Revision);
            return TypedResults.Ok(BundleView.From(loaded.State, loaded.Revision));
        }).RequireAuthorization("office-read").WithName("GetGroupBundle");
        group.MapPost("/{bundleId}/visits", Visit).RequireAuthorization("office-staff").Validate<VisitRequest>().Idempotent()
            .WithName("RecordGroupBundleVisit").WithSummary("Deducts what a visit consumed; returns the bundle with the new delivery note.");
        group.MapGet("/{bundleId}/visits/{number:int}/delivery-note", DeliveryNote).RequireAuthorization("office-read").WithName("GetGroupBundleDeliveryNote");
    }

    internal static async Task<Created<BundleView>> Sell(SellRequest r, ICallerContext caller, HttpContext http, CommandHandler handler, IOfficeCalendars calendars, TimeProvider time,
        IBillingService billing, CancellationToken ct)
    {
        var key = http.Request.Headers[Idempotency.HeaderName].ToString();
        var bundleId = (string.IsNullOrEmpty(key) ? Guid.NewGuid() : DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"bookings-bundle/{caller.TenantId}/{key}"))
            .ToString("N")[..12];
        var soldOn = r.SoldOn ?? await calendars.TodayAsync(caller.TenantId, ct);
        var customer = r.Customer.ToCustomer(caller.TenantId);
        var result = await handler.HandleAsync(Bundle.Decider, Bundle.StreamId(bundleId), new SellBundle(bundleId, customer, r.Title,
            [.. r.Items.Select(i => new BundleItem(i.ItemId.Trim(), i.Label.Trim(), i.Quantity, i.ListPriceTtc, i.UnitPriceTtc, i.VatRate.BasisPoints))], r.Payment,
            MinimumDiscountPercent, soldOn, time.GetUtcNow()), caller.ForRequest(http), ct: ct);
        var state = result.State;
        if (state.InvoiceId is null)
        {
            // Upfront: due at once and e-mailed; deferred: payable within the term (30 days), e-mailed once paid (BundlePaidMail).
            var upfront = state.Payment == BundlePayment.Upfront;
            var invoice = await billing.IssueInvoiceAsync(caller.TenantId, new IssueInvoiceRequest(
                BookingBilling.SourceModule, $"bundle-{bundleId}", BookingBilling.Customer(customer),
                [.. state.Items.Select(i => new InvoiceLineRequest($"{i.Label} (abonnement, tarif public {i.ListPriceTtc / 100m:0.00} €)", i.Quantity, i.UnitPriceTtc,
                    VatRate.Of(i.VatRateBasisPoints)))],
                $"Abonnement groupe {state.Reference} — {state.Title}", upfront ? 0 : DeferredPaymentTermDays, EmailToCustomer: upfront), ct);
            result = await handler.HandleAsync(Bundle.Decider, Bundle.StreamId(bundleId), new AttachBundleInvoice(invoice.InvoiceId, invoice.Number, time.GetUtcNow()),
                caller.ForRequest(http) with { Expected = null }, CommandOptions.ExistingStream, ct);
        }

        http.Response.SetRevision(result.Revision);
        return TypedResults.Created($"/api/bookings/bundles/{bundleId}", BundleView.From(result.State, result.Revision));
    }

    internal static async Task<Ok<BundleView>> Visit(string bundleId, VisitRequest r, ICallerContext caller, HttpContext http, CommandHandler handler,
        IOfficeCalendars calendars, TimeProvider time, CancellationToken ct)
    {
        var key = http.Request.Headers[Idempotency.HeaderName].ToString();
        var visitId = string.IsNullOrEmpty(key) ? Guid.NewGuid().ToString("N") : key;
        var result = await handler.HandleAsync(Bundle.Decider, Bundle.StreamId(bundleId),
            new RecordVisit(visitId, r.On ?? await calendars.TodayAsync(caller.TenantId, ct), r.Consumed, time.GetUtcNow()), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Ok(BundleView.From(result.State, result.Revision));
    }

    internal static async Task<Results<FileContentHttpResult, ContentHttpResult, NotFound>> DeliveryNote(string bundleId, int number, string? format, ICallerContext caller,
        CommandHandler handler, IBillingDocuments documents, CancellationToken ct)
    {
        var s = (await handler.LoadAsync(Bundle.Decider, Bundle.StreamId(bundleId), caller.TenantId, mustExist: true, ct)).State;
        var visit = s.Visits.FirstOrDefault(v => v.Number == number);
        if (visit is null)
        {
            return TypedResults.NotFound();
        }

        var request = new BillingDocumentRequest(
            BillingDocumentKind.DeliveryNote, visit.DeliveryNoteReference, visit.On, BookingBilling.Customer(s.Customer!),
            [.. visit.Consumed.Select(c => s.Items.First(i => i.ItemId == c.ItemId)).Zip(visit.Consumed)
                .Select(p => new InvoiceLineRequest(p.First.Label, p.Second.Quantity, p.First.UnitPriceTtc, VatRate.Of(p.First.VatRateBasisPoints), visit.On))],
            BookingBilling.SourceModule, $"bundle-{bundleId}", $"Abonnement groupe {s.Reference} — passage n° {visit.Number}",
            SignatureBlock: false, RelatedReference: s.InvoiceNumber ?? s.Reference, DeliveryDate: visit.On,
            Notes: "Prestations déduites de l'abonnement. Reste : " + string.Join(", ", s.Items.Select(i => $"{i.Label} × {RemainingAfter(s, visit, i.ItemId)}"))
                + (s.Payment == BundlePayment.Deferred ? ". Paiement différé : la facture acquittée vous sera adressée par courriel à réception du solde." : "."));
        if (string.Equals(format, "html", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Content((await documents.RenderHtmlAsync(caller.TenantId, request, ct)).Html, "text/html; charset=utf-8");
        }

        var pdf = await documents.RenderPdfAsync(caller.TenantId, request, ct);
        return pdf.Pdf is { } bytes
            ? TypedResults.File(bytes, "application/pdf", visit.DeliveryNoteReference + ".pdf")
            : TypedResults.Content(pdf.Document.Html, "text/html; charset=utf-8");
    }

    /// <summary>What remained of an item right after that visit (the note is reprinted identically later).</summary>
    private static int RemainingAfter(BundleState s, VisitRecorded visit, string itemId) =>
        s.Items.First(i => i.ItemId == itemId).Quantity
        - s.Visits.Where(v => v.Number <= visit.Number).SelectMany(v => v.Consumed).Where(c => c.ItemId == itemId).Sum(c => c.Quantity);
}
