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
using Monolith.Modules.Bookings.Terms;
using Monolith.Modules.Bookings.Terms.Rules;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.Stays;

/// <summary>Staff book a short stay or furnished rental under the terms in force on the booking date. Billing invoices at once
/// (<c>stay-{id}/booking</c>, e-mailed): more than 30 days before arrival the 25 % deposit per VAT rate, else the whole stay — plus the
/// tourist tax in full (its own line, outside VAT; none for hotels); with a deposit, the balance invoice (<c>stay-{id}/balance</c>: the
/// stay minus the deposit) falls due 30 days before arrival. Both are idempotent by their source reference.</summary>
internal static class BookShortStay
{
    internal sealed record TouristTaxRequest(long? TariffPerPersonNight, int? UnclassifiedBasisPoints, long? UnclassifiedCapPerPersonNight, int DepartmentalSurchargePercent);

    internal sealed record Request(
        GroupBookingRoutes.CustomerRequest Customer, string Lodging, LodgingCategory Category, DateOnly Arrival, DateOnly Departure, int Adults, int Minors,
        long NightlyPriceTtc, VatRate VatRate, long SingleOccupancySupplementPerNight, long SecurityDeposit, TouristTaxRequest? TouristTax, string? ProviderId,
        string? ProviderName, bool ThirdPartyFunds, DateOnly? BookedOn);

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
        var result = await handler.HandleAsync(ShortStay.Decider, ShortStay.StreamId(stayId), new BookStay(
            stayId, r.Customer.ToCustomer(caller.TenantId), lodging, r.Arrival, r.Departure, r.Adults, r.Minors, bookedOn, version, time.GetUtcNow()), context, ct: ct);
        var s = result.State;
        var b = s.Booking!;
        var customer = BookingBilling.Customer(b.Customer);
        if (s.InvoiceId is null)
        {
            var invoice = await billing.IssueInvoiceAsync(caller.TenantId, new IssueInvoiceRequest(
                BookingBilling.SourceModule, $"stay-{stayId}/booking", customer, BookingLines(b),
                b.FullPayment ? $"Séjour {b.Reference} — {b.Lodging.Label}" : $"Facture d'acompte — séjour {b.Reference} — {b.Lodging.Label}", 0, EmailToCustomer: true), ct);
            result = await handler.HandleAsync(ShortStay.Decider, ShortStay.StreamId(stayId), new AttachStayInvoice(false, invoice.InvoiceId, invoice.Number, time.GetUtcNow()),
                context with { Expected = null }, CommandOptions.ExistingStream, ct);
        }

        if (!b.FullPayment && result.State.BalanceInvoiceId is null)
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

    /// <summary>The invoice at booking: the whole stay, or the deposit per VAT rate; the tourist tax line in full either way.</summary>
    internal static IReadOnlyList<InvoiceLineRequest> BookingLines(StayBooked b)
    {
        var stay = b.Lines.Where(l => !l.TouristTax).ToList();
        var tax = b.Lines.Where(l => l.TouristTax).Select(BookingBilling.Line);
        return b.FullPayment ? [.. stay.Select(BookingBilling.Line), .. tax] : [.. DepositLines(b, stay).Select(BookingBilling.Line), .. tax];
    }

    /// <summary>The balance invoice: the stay's lines minus the deposit invoiced, per VAT rate.</summary>
    internal static IReadOnlyList<InvoiceLineRequest> BalanceLines(StayBooked b, string depositInvoiceNumber)
    {
        var stay = b.Lines.Where(l => !l.TouristTax).ToList();
        return
        [
            .. stay.Select(BookingBilling.Line),
            .. DepositLines(b, stay).Select(d => BookingBilling.Line(d with
            {
                Label = $"Déduction de l'acompte versé (facture n° {depositInvoiceNumber}) — TVA {d.VatRateBasisPoints / 100m:0.##} %",
                UnitPriceTtc = -d.UnitPriceTtc,
            })),
        ];
    }

    /// <summary>The deposit per VAT rate (a partner's lodging stays in the partner's name: third-party funds).</summary>
    private static IEnumerable<PricedLine> DepositLines(StayBooked b, IReadOnlyList<PricedLine> stay) =>
        Pricing.DepositLines(new PriceBreakdown(stay, 0, b.StayTotal, 0, b.Nights), b.Terms.ShortStayDepositPercent, $"séjour {b.Reference}")
            .Select(d => d with { ProviderName = b.Lodging.ProviderName, ThirdPartyFunds = b.Lodging.ThirdPartyFunds, ProviderId = b.Lodging.ProviderId });
}
