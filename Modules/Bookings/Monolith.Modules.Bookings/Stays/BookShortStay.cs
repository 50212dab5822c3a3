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
using Monolith.Modules.Bookings.GiftVouchers;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Bookings.GroupBookings.Billing;
using Monolith.Modules.Bookings.Terms;
using Monolith.Modules.Bookings.Terms.Rules;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.Stays;

/// <summary>Staff book a short stay or furnished rental under the terms in force on the booking date. Billing invoices at once
/// (<c>stay-{id}/booking</c>, e-mailed): more than 30 days before arrival the 25 % deposit per VAT rate, else the whole stay — plus the
/// tourist tax in full (its own line, outside VAT; none for hotels); with a deposit, the balance invoice (<c>stay-{id}/balance</c>: the
/// stay minus the deposit) falls due 30 days before arrival. Both are idempotent by their source reference.
/// A gift stay (<c>giftVoucher</c>: the voucher's code <c>KDO-…</c> or id) is paid in full by the voucher, decided against the voucher's
/// stream: usable up to its last valid day (the booking date), refused the day after (<c>gift-voucher.expired</c>) or once used
/// (<c>gift-voucher.used</c>); the voucher is redeemed for this stay before the stay is booked (a retry with the same Idempotency-Key
/// completes the booking), and only what the voucher does not cover (and the tourist tax) is invoiced.</summary>
internal static class BookShortStay
{
    internal sealed record TouristTaxRequest(long? TariffPerPersonNight, int? UnclassifiedBasisPoints, long? UnclassifiedCapPerPersonNight, int DepartmentalSurchargePercent);

    internal sealed record Request(
        GroupBookingRoutes.CustomerRequest Customer, string Lodging, LodgingCategory Category, DateOnly Arrival, DateOnly Departure, int Adults, int Minors,
        long NightlyPriceTtc, VatRate VatRate, long SingleOccupancySupplementPerNight, long SecurityDeposit, TouristTaxRequest? TouristTax, string? ProviderId,
        string? ProviderName, bool ThirdPartyFunds, DateOnly? BookedOn, string? GiftVoucher = null);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Customer).NotNull().SetValidator(new GroupBookingRoutes.CustomerValidator());
            RuleFor(r => r.Lodging).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Category).IsInEnum();
            RuleFor(r => r.Departure).GreaterThan(r => r.Arrival).WithMessage("Le départ suit l'arrivée d'au moins une nuit.");
            RuleFor(r => r.Adults).GreaterThan(0).WithMessage("Un séjour compte au moins un adulte.");
            RuleFor(r => r.Minors).GreaterThanOrEqualTo(0);
            RuleFor(r => r.NightlyPriceTtc).GreaterThan(0).WithMessage("Le prix de la nuit est en centimes TTC.");
            RuleFor(r => r.VatRate).Must(v => !v.IsOutOfScope && v.BasisPoints is 0 or 550 or 1000 or 2000).WithMessage("Taux de TVA attendu : 0, 550, 1000 ou 2000 (points de base).");
            RuleFor(r => r.SingleOccupancySupplementPerNight).GreaterThanOrEqualTo(0);
            RuleFor(r => r.SecurityDeposit).GreaterThanOrEqualTo(0);
            RuleFor(r => r.TouristTax).NotNull().When(r => r.Category != LodgingCategory.Hotel)
                .WithMessage("Indiquez le tarif de la taxe de séjour de la commune (les hôtels l'encaissent sur place).");
            RuleFor(r => r.TouristTax!.TariffPerPersonNight).NotNull().When(r => r.Category == LodgingCategory.Classified && r.TouristTax is not null)
                .WithMessage("Hébergement classé : le tarif par personne et par nuit de sa catégorie.");
            RuleFor(r => r.TouristTax!.UnclassifiedBasisPoints).NotNull().When(r => r.Category == LodgingCategory.Unclassified && r.TouristTax is not null)
                .WithMessage("Hébergement non classé : le taux (points de base) du prix de la nuit par personne, et son plafond.");
            RuleFor(r => r.TouristTax!.DepartmentalSurchargePercent).InclusiveBetween(0, 100).When(r => r.TouristTax is not null);
            RuleFor(r => r.ProviderName).NotEmpty().When(r => r.ThirdPartyFunds).WithMessage("Les fonds de tiers sont encaissés pour un prestataire : nommez-le.");
            RuleFor(r => r.GiftVoucher).MaximumLength(40).Matches("^[A-Za-z0-9-]+$").When(r => r.GiftVoucher is not null)
                .WithMessage("Le bon cadeau s'indique par son code (KDO-…).");
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        StayRoutes.Staff(app).MapPost("/", Handle).RequireAuthorization("office-staff").Validate<Request>().Idempotent()
            .WithName("BookShortStay").WithSummary("Books a short stay or furnished rental; billing invoices the deposit or the full price, with the tourist tax.");

    internal static async Task<Created<StayView>> Handle(Request r, ICallerContext caller, HttpContext http, CommandHandler handler, BookingTermsSource terms,
        IOfficeCalendars calendars, TimeProvider time, IBillingService billing, CancellationToken ct)
    {
        var bookedOn = r.BookedOn ?? await calendars.TodayAsync(caller.TenantId, ct);
        var version = await terms.InForceAsync(caller.TenantId, bookedOn, ct);
        var key = http.Request.Headers[Idempotency.HeaderName].ToString();
        var stayId = (string.IsNullOrEmpty(key) ? Guid.NewGuid() : DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"bookings-stay/{caller.TenantId}/{key}"))
            .ToString("N")[..12];
        var t = r.TouristTax;
        var lodging = new StayLodging(r.Lodging.Trim(), r.Category, r.NightlyPriceTtc, r.VatRate.BasisPoints, r.SingleOccupancySupplementPerNight, r.SecurityDeposit,
            new TouristTaxRate(
                r.Category == LodgingCategory.Classified ? t?.TariffPerPersonNight : null,
                r.Category == LodgingCategory.Unclassified ? t?.UnclassifiedBasisPoints : null,
                r.Category == LodgingCategory.Unclassified ? t?.UnclassifiedCapPerPersonNight : null,
                t?.DepartmentalSurchargePercent ?? 0,
                r.Category == LodgingCategory.Hotel),
            string.IsNullOrWhiteSpace(r.ProviderName) ? null : BookingBilling.ProviderKey(r.ProviderId, r.ProviderName), r.ProviderName?.Trim(), r.ThirdPartyFunds);
        var context = caller.ForRequest(http);
        var book = new BookStay(stayId, r.Customer.ToCustomer(caller.TenantId), lodging, r.Arrival, r.Departure, r.Adults, r.Minors, bookedOn, version, time.GetUtcNow());
        if (!string.IsNullOrWhiteSpace(r.GiftVoucher))
        {
            book = await RedeemGiftVoucherAsync(book, r.GiftVoucher, handler, context, ct);
        }

        var result = await handler.HandleAsync(ShortStay.Decider, ShortStay.StreamId(stayId), book, context, ct: ct);
        var s = result.State;
        var b = s.Booking!;
        var customer = BookingBilling.Customer(b.Customer);
        if (s.InvoiceId is null && s.Status != StayStatus.Cancelled && BookingLines(b) is { Count: > 0 })
        {
            var invoice = await billing.IssueInvoiceAsync(caller.TenantId, new IssueInvoiceRequest(
                BookingBilling.SourceModule, $"stay-{stayId}/booking", customer, BookingLines(b),
                b.FullPayment ? $"Séjour {b.Reference} — {b.Lodging.Label}" : $"Facture d'acompte — séjour {b.Reference} — {b.Lodging.Label}", 0, EmailToCustomer: true), ct);
            result = await handler.HandleAsync(ShortStay.Decider, ShortStay.StreamId(stayId), new AttachStayInvoice(false, invoice.InvoiceId, invoice.Number, time.GetUtcNow()),
                context with { Expected = null }, CommandOptions.ExistingStream, ct);
        }

        // A stay cancelled meanwhile is not invoiced further: its cancellation corrected (or invoiced) what was attached.
        if (!b.FullPayment && result.State.BalanceInvoiceId is null && result.State.Status != StayStatus.Cancelled)
        {
            var due = b.Arrival.AddDays(-b.Terms.ShortStayFullPaymentWithinDays);
            var invoice = await billing.IssueInvoiceAsync(caller.TenantId, new IssueInvoiceRequest(
                BookingBilling.SourceModule, $"stay-{stayId}/balance", customer, BalanceLines(b, result.State.InvoiceNumber!),
                $"Solde du séjour {b.Reference} — {b.Lodging.Label}", Math.Max(0, due.DayNumber - bookedOn.DayNumber), EmailToCustomer: true), ct);
            result = await handler.HandleAsync(ShortStay.Decider, ShortStay.StreamId(stayId), new AttachStayInvoice(true, invoice.InvoiceId, invoice.Number, time.GetUtcNow()),
                context with { Expected = null }, CommandOptions.ExistingStream, ct);
        }

        http.Response.SetRevision(result.Revision);
        return TypedResults.Created($"{StayRoutes.Base}/{stayId}", StayView.From(result.State, result.Revision));
    }

    /// <summary>The gift voucher, decided against its stream (never a read model): the stay is checked first (a stay the decider
    /// refuses redeems nothing), then the voucher is redeemed for this stay's reference (idempotent: a retry finds it redeemed for the same
    /// stay). Unknown voucher: 404; expired: <c>gift-voucher.expired</c>; used for another stay: <c>gift-voucher.used</c>.</summary>
    private static async Task<BookStay> RedeemGiftVoucherAsync(BookStay book, string giftVoucher, CommandHandler handler, CommandContext context, CancellationToken ct)
    {
        var code = giftVoucher.Trim();
        var voucherId = (code.StartsWith("KDO-", StringComparison.OrdinalIgnoreCase) ? code[4..] : code).ToLowerInvariant();
        var voucher = (await handler.LoadAsync(GiftVoucher.Decider, GiftVoucher.StreamId(voucherId), context.TenantId, mustExist: true, ct)).State;
        var gift = new StayGift(voucherId, voucher.Code, voucher.Amount);
        book = book with { Gift = gift };
        ShortStay.Decide(book, StayState.Initial);
        await handler.HandleAsync(GiftVoucher.Decider, GiftVoucher.StreamId(voucherId), new RedeemGiftVoucher(book.BookedOn, ShortStay.ReferenceFor(book.StayId), book.At),
            context with { Expected = null }, CommandOptions.ExistingStream, ct);
        return book;
    }

    /// <summary>The invoice at booking: the whole stay, or the deposit per VAT rate; the tourist tax line in full either way. A gift stay:
    /// only what the voucher does not cover, and the tourist tax (none at all: no invoice).</summary>
    internal static IReadOnlyList<InvoiceLineRequest> BookingLines(StayBooked b) => [.. BookingPricedLines(b).Select(BookingBilling.Line)];

    /// <summary>The invoice at booking as priced lines (what it carries per VAT rate and provider; the cancellation's corrections read it).</summary>
    internal static IReadOnlyList<PricedLine> BookingPricedLines(StayBooked b)
    {
        var stay = b.Lines.Where(l => !l.TouristTax).ToList();
        var tax = b.Lines.Where(l => l.TouristTax);
        if (b.Gift is { } gift)
        {
            var rest = b.StayTotal - gift.Covered;
            return rest <= 0 ? [.. tax] :
            [
                new PricedLine($"{b.Lodging.Label} — complément au séjour-cadeau {gift.Code} ({gift.Amount / 100m:0.00} € déduits)", b.Arrival, 1, rest,
                    b.Lodging.VatRateBasisPoints, b.Lodging.ProviderName, b.Lodging.ThirdPartyFunds, ProviderId: b.Lodging.ProviderId),
                .. tax,
            ];
        }

        return b.FullPayment ? [.. stay, .. tax] : [.. DepositLines(b, stay), .. tax];
    }

    /// <summary>The balance invoice: the stay's lines minus the deposit invoiced, per VAT rate.</summary>
    internal static IReadOnlyList<InvoiceLineRequest> BalanceLines(StayBooked b, string depositInvoiceNumber) =>
        [.. BalancePricedLines(b, depositInvoiceNumber).Select(BookingBilling.Line)];

    /// <summary>The balance invoice as priced lines.</summary>
    internal static IReadOnlyList<PricedLine> BalancePricedLines(StayBooked b, string depositInvoiceNumber)
    {
        var stay = b.Lines.Where(l => !l.TouristTax).ToList();
        return
        [
            .. stay,
            .. DepositLines(b, stay).Select(d => d with
            {
                Label = $"Déduction de l'acompte versé (facture n° {depositInvoiceNumber}) — TVA {d.VatRateBasisPoints / 100m:0.##} %",
                UnitPriceTtc = -d.UnitPriceTtc,
            }),
        ];
    }

    /// <summary>The deposit per VAT rate (a partner's lodging stays in the partner's name: third-party funds).</summary>
    private static IEnumerable<PricedLine> DepositLines(StayBooked b, IReadOnlyList<PricedLine> stay) =>
        Pricing.DepositLines(new PriceBreakdown(stay, 0, b.StayTotal, 0, b.Nights), b.Terms.ShortStayDepositPercent, $"séjour {b.Reference}")
            .Select(d => d with { ProviderName = b.Lodging.ProviderName, ThirdPartyFunds = b.Lodging.ThirdPartyFunds, ProviderId = b.Lodging.ProviderId });
}
