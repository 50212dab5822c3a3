using System.Globalization;
using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Bookings.GroupBookings.Cancelling;
using Monolith.Modules.Bookings.Terms;
using Monolith.Modules.Bookings.Terms.Rules;

namespace Monolith.Modules.Bookings.Stays;

// A short stay or furnished rental (Zonza "Courts séjours"): booked more than 30 days before arrival → 25 % deposit, 30 days or less →
// the full price at booking; cancellation on the "with lodging" schedule; tourist tax as its own line (per person per night, minors
// exempt; hotels: paid on site); single-occupancy supplement; security deposit (caution) held and returned. The terms in force on the
// booking date travel in the stream. Stream: "bookings-stay-{stayId}".

internal enum LodgingCategory
{
    /// <summary>A hotel: the tourist tax is paid on site, no line here.</summary>
    Hotel,

    /// <summary>Classified lodging (furnished rental with stars, campsite...): the commune's tariff per person and night.</summary>
    Classified,

    /// <summary>Unclassified lodging: a percentage of the nightly price per occupant, capped.</summary>
    Unclassified,
}

/// <summary>The lodging booked: nightly price TTC (cents) at a VAT rate, the single-occupancy supplement per night (charged when one
/// person stays), the security deposit (caution, 0 = none) and the commune's tourist-tax rate; the provider when it is a partner's
/// lodging sold as third-party funds.</summary>
internal sealed record StayLodging(
    string Label,
    LodgingCategory Category,
    long NightlyPriceTtc,
    int VatRateBasisPoints,
    long SingleOccupancySupplementPerNight,
    long SecurityDeposit,
    TouristTaxRate TouristTax,
    string? ProviderId,
    string? ProviderName,
    bool ThirdPartyFunds);

internal enum StayStatus
{
    None,
    Booked,
    Confirmed,
    Settled,
    Cancelled,
}

/// <summary>A gift voucher (séjour-cadeau) paying the stay: it covers the stay up to its <paramref name="Amount"/> (<paramref name="Covered"/>,
/// set by the decider); what it does not cover is invoiced at booking; what it covers beyond the stay is lost (never refunded).</summary>
internal sealed record StayGift(string VoucherId, string Code, long Amount, long Covered = 0);

internal abstract record StayCommand;
internal sealed record BookStay(string StayId, BookingCustomer Customer, StayLodging Lodging, DateOnly Arrival, DateOnly Departure, int Adults, int Minors, DateOnly BookedOn,
    BookingTerms Terms, DateTimeOffset At, StayGift? Gift = null) : StayCommand;
internal sealed record AttachStayInvoice(bool Balance, string InvoiceId, string Number, DateTimeOffset At) : StayCommand;
internal sealed record RecordStayPayment(bool Balance, DateOnly On, DateTimeOffset At) : StayCommand;
internal sealed record CancelStay(DateOnly ReceivedOn, bool NoShow, bool ExceptionalCircumstances, string? Reason, DateTimeOffset At) : StayCommand;
internal sealed record ReceiveSecurityDeposit(DateOnly On, DateTimeOffset At) : StayCommand;
internal sealed record ReturnSecurityDeposit(DateOnly On, long Withheld, string? Reason, DateTimeOffset At) : StayCommand;
internal sealed record AttachStayCancellationFeeInvoice(string InvoiceId, string Number, DateTimeOffset At) : StayCommand;

internal abstract record StayEvent(string StayId);

/// <summary>The stay booked with its price: <paramref name="Lines"/> (nights, single supplement, tourist tax), <paramref name="StayTotal"/>
/// (without the tourist tax), <paramref name="TouristTax"/> (collected at booking), <paramref name="Deposit"/> (the part of the stay due
/// at booking: 25 % or everything when <paramref name="FullPayment"/>).
/// <paramref name="Gift"/> (v2): the gift voucher paying the stay (a gift stay is paid in full: <paramref name="FullPayment"/>).</summary>
internal sealed record StayBooked(string StayId, string Reference, BookingCustomer Customer, StayLodging Lodging, DateOnly Arrival, DateOnly Departure, int Nights,
    int Adults, int Minors, DateOnly BookedOn, BookingTerms Terms, IReadOnlyList<PricedLine> Lines, long StayTotal, long TouristTax, long Deposit, bool FullPayment,
    DateTimeOffset At, StayGift? Gift = null) : StayEvent(StayId)
{
    /// <summary>What the gift voucher pays of the stay.</summary>
    public long Covered => Gift?.Covered ?? 0;

    /// <summary>What the invoice at booking asks: the deposit or the whole stay, less the voucher, plus the tourist tax.</summary>
    public long DueAtBooking => Deposit - Covered + TouristTax;
}
internal sealed record StayInvoiceAttached(string StayId, bool Balance, string InvoiceId, string Number, DateTimeOffset At) : StayEvent(StayId);
internal sealed record StayPaymentReceived(string StayId, bool Balance, long Amount, DateOnly On, DateTimeOffset At) : StayEvent(StayId);
/// <summary>The customer's cancellation. <paramref name="Corrections"/> (v2, null on earlier events and when nothing is credited): billing's
/// credit notes leaving invoiced exactly the fee kept (the tourist tax of nights never stayed is credited in full), per invoice and VAT rate
/// and provider; <paramref name="FeeInvoiceLines"/> (v2): the fee kept beyond what the stay's invoices carry, to invoice as "frais
/// d'annulation" (ADR 0024 addendum).</summary>
internal sealed record StayCancelled(string StayId, DateOnly ReceivedOn, bool NoShow, bool ExceptionalCircumstances, string? Reason, CancellationCharge Charge,
    long TouristTaxRefund, DateTimeOffset At, IReadOnlyList<InvoiceCredit>? Corrections = null, IReadOnlyList<PricedLine>? FeeInvoiceLines = null) : StayEvent(StayId)
{
    public long FeeInvoiced => FeeInvoiceLines?.Sum(l => l.Total) ?? 0;
}

/// <summary>Billing's "frais d'annulation" invoice (<c>stay-{id}/cancellation-fee</c>) for the fee kept beyond what was invoiced.</summary>
internal sealed record StayCancellationFeeInvoiceAttached(string StayId, string InvoiceId, string Number, DateTimeOffset At) : StayEvent(StayId);
internal sealed record SecurityDepositReceived(string StayId, long Amount, DateOnly On, DateTimeOffset At) : StayEvent(StayId);
internal sealed record SecurityDepositReturned(string StayId, long Returned, long Withheld, string? Reason, DateOnly On, DateTimeOffset At) : StayEvent(StayId);

internal sealed record StayState(
    string? StayId,
    StayStatus Status,
    StayBooked? Booking,
    string? InvoiceId,
    string? InvoiceNumber,
    string? BalanceInvoiceId,
    string? BalanceInvoiceNumber,
    long PaidStay,
    long PaidTax,
    DateOnly? DepositPaidOn,
    bool BalancePaid,
    StayCancelled? Cancellation,
    bool SecurityDepositHeld,
    SecurityDepositReturned? SecurityDepositReturn,
    string? CancellationFeeInvoiceId = null,
    string? CancellationFeeInvoiceNumber = null)
{
    public static readonly StayState Initial = new(null, StayStatus.None, null, null, null, null, null, 0, 0, null, false, null, false, null);

    public bool Exists => StayId is not null;

    public long Balance => Booking is null ? 0 : Booking.StayTotal - Booking.Deposit;
}

internal static class ShortStay
{
    public static string StreamId(string stayId) => $"bookings-stay-{stayId}";

    public static string ReferenceFor(string stayId) => "SEJ-" + stayId.ToUpperInvariant();

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(StayBooked)] = "bookings.stay-booked",
        [typeof(StayInvoiceAttached)] = "bookings.stay-invoice-attached",
        [typeof(StayPaymentReceived)] = "bookings.stay-payment-received",
        [typeof(StayCancelled)] = "bookings.stay-cancelled",
        [typeof(SecurityDepositReceived)] = "bookings.security-deposit-received",
        [typeof(SecurityDepositReturned)] = "bookings.security-deposit-returned",
        [typeof(StayCancellationFeeInvoiceAttached)] = "bookings.stay-cancellation-fee-invoice-attached",
    };

    public static readonly Decider<StayCommand, StayEvent, StayState> Decider = new(Decide, Evolve, StayState.Initial);

    private static string D(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static DomainRuleViolation Step(string message) => new("stay.invalid-step", message, isConflict: true);

    internal static IReadOnlyList<StayEvent> Decide(StayCommand command, StayState s) => (command, s) switch
    {
        (BookStay c, { Exists: true }) when c.StayId == s.StayId => [],
        (BookStay, { Exists: true }) => throw new DomainRuleViolation("stay.already-exists", "Ce séjour existe déjà.", isConflict: true),
        (BookStay c, _) => [Book(c)],
        (_, { Exists: false }) => throw new NotFoundException("Séjour introuvable."),

        (AttachStayInvoice c, _) when (c.Balance ? s.BalanceInvoiceId : s.InvoiceId) is { } existing =>
            existing == c.InvoiceId ? [] : throw new DomainRuleViolation("stay.invoiced", "Cette facture du séjour est déjà émise.", isConflict: true),
        (AttachStayInvoice c, _) => [new StayInvoiceAttached(s.StayId!, c.Balance, c.InvoiceId, c.Number, c.At)],

        (RecordStayPayment c, _) when (c.Balance ? s.BalancePaid : s.DepositPaidOn is not null) => [],
        (RecordStayPayment { Balance: true }, { DepositPaidOn: null }) => throw Step("L'acompte du séjour n'est pas encore réglé."),
        (RecordStayPayment c, _) => [new StayPaymentReceived(s.StayId!, c.Balance, c.Balance ? s.Balance : s.Booking!.DueAtBooking, c.On, c.At)],

        (AttachStayCancellationFeeInvoice c, { CancellationFeeInvoiceId: { } existing }) =>
            existing == c.InvoiceId ? [] : throw new DomainRuleViolation("stay.cancellation-fee-invoiced", "La facture des frais d'annulation est déjà émise.", isConflict: true),
        (AttachStayCancellationFeeInvoice, { Cancellation.FeeInvoiceLines: null or [] }) or (AttachStayCancellationFeeInvoice, { Cancellation: null }) =>
            throw Step("Aucuns frais d'annulation ne restent à facturer pour ce séjour."),
        (AttachStayCancellationFeeInvoice c, _) => [new StayCancellationFeeInvoiceAttached(s.StayId!, c.InvoiceId, c.Number, c.At)],

        (CancelStay, { Status: StayStatus.Cancelled }) => [],
        (CancelStay c, _) => [Cancel(c, s)],

        (ReceiveSecurityDeposit, { Status: StayStatus.Cancelled }) => throw Step("Le séjour est annulé."),
        (ReceiveSecurityDeposit, _) when s.Booking!.Lodging.SecurityDeposit <= 0 => throw new DomainRuleViolation(
            "stay.no-security-deposit", "Ce logement ne demande pas de dépôt de garantie."),
        (ReceiveSecurityDeposit, { SecurityDepositHeld: true }) => [],
        (ReceiveSecurityDeposit, _) when s.SecurityDepositReturn is not null => [],
        (ReceiveSecurityDeposit c, _) => [new SecurityDepositReceived(s.StayId!, s.Booking!.Lodging.SecurityDeposit, c.On, c.At)],

        (ReturnSecurityDeposit, { SecurityDepositReturn: not null }) => [],
        (ReturnSecurityDeposit, { SecurityDepositHeld: false }) => throw Step("Aucun dépôt de garantie n'a été reçu pour ce séjour."),
        (ReturnSecurityDeposit c, _) when c.Withheld < 0 || c.Withheld > s.Booking!.Lodging.SecurityDeposit => throw new DomainRuleViolation(
            "stay.security-deposit-withheld", $"La retenue est comprise entre 0 et le dépôt de garantie ({s.Booking!.Lodging.SecurityDeposit / 100m:0.00} €)."),
        (ReturnSecurityDeposit c, _) when c.Withheld > 0 && string.IsNullOrWhiteSpace(c.Reason) => throw new DomainRuleViolation(
            "stay.security-deposit-reason", "Une retenue sur le dépôt de garantie se justifie : indiquez le motif (dégâts constatés, état des lieux...)."),
        (ReturnSecurityDeposit c, _) => [new SecurityDepositReturned(s.StayId!, s.Booking!.Lodging.SecurityDeposit - c.Withheld, c.Withheld, c.Reason?.Trim(), c.On, c.At)],

        _ => throw Step("Cette opération n'est pas possible à cette étape du séjour."),
    };

    private static StayBooked Book(BookStay c)
    {
        var nights = c.Departure.DayNumber - c.Arrival.DayNumber;
        if (nights <= 0)
        {
            throw new DomainRuleViolation("stay.dates", "Le départ suit l'arrivée d'au moins une nuit.");
        }

        if (c.Adults <= 0)
        {
            throw new DomainRuleViolation("stay.adults", "Un séjour compte au moins un adulte.");
        }

        if (c.BookedOn > c.Arrival)
        {
            throw new DomainRuleViolation("stay.booked-after-arrival", $"La réservation ({D(c.BookedOn)}) ne peut suivre l'arrivée ({D(c.Arrival)}).");
        }

        var l = c.Lodging;
        var party = new Party(c.Adults, c.Minors, false);
        var lines = new List<PricedLine>
        {
            new($"{l.Label} — {nights} nuit(s) du {D(c.Arrival)} au {D(c.Departure)}", c.Arrival, nights, l.NightlyPriceTtc, l.VatRateBasisPoints, l.ProviderName,
                l.ThirdPartyFunds, ProviderId: l.ProviderId),
        };
        if (party.People == 1 && l.SingleOccupancySupplementPerNight > 0)
        {
            lines.Add(new PricedLine("Supplément occupation individuelle", c.Arrival, nights, l.SingleOccupancySupplementPerNight, l.VatRateBasisPoints, l.ProviderName,
                l.ThirdPartyFunds, ProviderId: l.ProviderId));
        }

        var stayTotal = lines.Sum(x => x.Total);
        long tax = 0;
        var rate = l.Category == LodgingCategory.Hotel ? l.TouristTax with { PaidOnSite = true } : l.TouristTax;
        if (TouristTax.Compute(rate, l.NightlyPriceTtc, c.Adults, c.Minors, nights) is { Amount: > 0 } t)
        {
            // Outside the scope of VAT; the commune's tax, collected by the office (minors exempt).
            lines.Add(new PricedLine($"Taxe de séjour — {t.TaxedPersons} adulte(s) × {t.Nights} nuit(s) × {t.PerPersonNight / 100m:0.00} € (mineurs exonérés)", c.Arrival,
                t.TaxedPersons * t.Nights, t.PerPersonNight, 0, null, false, TouristTax: true));
            tax = t.Amount;
        }

        if (c.Gift is { } gift)
        {
            // A gift stay is paid in full by its voucher (Zonza "Courts séjours" art. 4), whenever it is booked.
            return new StayBooked(c.StayId, ReferenceFor(c.StayId), c.Customer, l, c.Arrival, c.Departure, nights, c.Adults, c.Minors, c.BookedOn, c.Terms, lines,
                stayTotal, tax, stayTotal, true, c.At, gift with { Covered = Math.Min(gift.Amount, stayTotal) });
        }

        var deposit = Deposits.ForShortStay(c.Terms, stayTotal, c.BookedOn, c.Arrival);
        return new StayBooked(c.StayId, ReferenceFor(c.StayId), c.Customer, l, c.Arrival, c.Departure, nights, c.Adults, c.Minors, c.BookedOn, c.Terms, lines, stayTotal,
            tax, deposit.Amount, deposit.FullPayment, c.At);
    }

    /// <summary>The "with lodging" schedule of the stay's terms on the stay's price. The tourist tax is owed per night stayed (CGCT
    /// L2333-29): a cancelled stay, a no-show included, stays no night, so the tax paid is refunded and the tax invoiced credited in full.
    /// A gift voucher counts as paid towards the fee but is never refunded: the refund is at most what was paid otherwise, and the stay's
    /// invoices (what the voucher did not cover) keep only the fee beyond the voucher. The invoices are corrected to what is kept: credit
    /// notes of the rest (the balance invoice first, then the invoice at booking), or a "frais d'annulation" invoice for a fee beyond them.</summary>
    private static StayCancelled Cancel(CancelStay c, StayState s)
    {
        var b = s.Booking!;
        var charge = CancellationFees.Compute(b.Terms, withLodging: true, b.Arrival, c.ReceivedOn, c.NoShow, b.StayTotal, 0, b.Deposit, s.PaidStay, s.DepositPaidOn,
            c.ExceptionalCircumstances);
        charge = charge with { Refund = Math.Min(charge.Refund, Math.Max(0, s.PaidStay - b.Covered)) };
        var stayLines = b.Lines.Where(l => !l.TouristTax).ToList();
        var kept = InvoiceCorrections.Allocate(Math.Max(0, charge.Fee - b.Covered), InvoiceCorrections.ServiceTotals(stayLines));
        var invoices = InvoicesOf(s);
        var label = $"Annulation reçue le {D(c.ReceivedOn)}";
        var credits = InvoiceCorrections.Credits(invoices, b.Lines, kept, $"{label} : part non retenue");
        var fee = InvoiceCorrections.FeeInvoiceLines(invoices, b.Lines, kept, $"Frais d'annulation ({label}) au-delà des sommes déjà facturées");
        return new StayCancelled(s.StayId!, c.ReceivedOn, c.NoShow, c.ExceptionalCircumstances, c.Reason?.Trim(), charge, s.PaidTax, c.At,
            credits.Count > 0 ? credits : null, fee.Count > 0 ? fee : null);
    }

    /// <summary>The stay's invoices as attached, in the order they are credited: the balance invoice, then the invoice at booking.</summary>
    internal static IReadOnlyList<InvoiceCorrections.Invoiced> InvoicesOf(StayState s)
    {
        var b = s.Booking!;
        var result = new List<InvoiceCorrections.Invoiced>();
        if (s.BalanceInvoiceId is not null && s.InvoiceNumber is not null)
        {
            result.Add(new(s.BalanceInvoiceId, s.BalanceInvoiceNumber ?? string.Empty, Parts(BookShortStay.BalancePricedLines(b, s.InvoiceNumber))));
        }

        if (s.InvoiceId is not null)
        {
            result.Add(new(s.InvoiceId, s.InvoiceNumber ?? string.Empty, Parts(BookShortStay.BookingPricedLines(b))));
        }

        return result;

        static Dictionary<InvoiceCorrections.Part, long> Parts(IEnumerable<PricedLine> lines) =>
            lines.GroupBy(InvoiceCorrections.PartOf).ToDictionary(g => g.Key, g => g.Sum(l => l.Total));
    }

    internal static StayState Evolve(StayState s, StayEvent e) => e switch
    {
        StayBooked x => StayState.Initial with
        {
            StayId = x.StayId,
            Booking = x,
            PaidStay = x.Covered,
            // Nothing left to invoice (the voucher covers the stay, no tourist tax): paid at booking.
            Status = x.Gift is not null && x.DueAtBooking == 0 ? StayStatus.Settled : StayStatus.Booked,
            DepositPaidOn = x.Gift is not null && x.DueAtBooking == 0 ? x.BookedOn : null,
        },
        StayInvoiceAttached { Balance: false } x => s with { InvoiceId = x.InvoiceId, InvoiceNumber = x.Number },
        StayInvoiceAttached x => s with { BalanceInvoiceId = x.InvoiceId, BalanceInvoiceNumber = x.Number },
        StayPaymentReceived { Balance: false } x => s with
        {
            PaidStay = s.PaidStay + s.Booking!.Deposit - s.Booking.Covered,
            PaidTax = s.Booking.TouristTax,
            DepositPaidOn = x.On,
            Status = s.Status == StayStatus.Cancelled ? s.Status : s.Booking.FullPayment ? StayStatus.Settled : StayStatus.Confirmed,
        },
        StayPaymentReceived x => s with
        {
            PaidStay = s.PaidStay + x.Amount,
            BalancePaid = true,
            Status = s.Status == StayStatus.Cancelled ? s.Status : StayStatus.Settled,
        },
        StayCancelled x => s with { Status = StayStatus.Cancelled, Cancellation = x },
        StayCancellationFeeInvoiceAttached x => s with { CancellationFeeInvoiceId = x.InvoiceId, CancellationFeeInvoiceNumber = x.Number },
        SecurityDepositReceived => s with { SecurityDepositHeld = true },
        SecurityDepositReturned x => s with { SecurityDepositHeld = false, SecurityDepositReturn = x },
        _ => s,
    };
}
