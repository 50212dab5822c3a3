namespace Monolith.Modules.Bookings.Terms;

/// <summary>The two seeds' terms as ready-made data (docs/modules/bookings.md shows them as tables). An office publishes one as a
/// version of its terms of sale (Offices: <c>POST /api/office/terms-of-sale</c> with <see cref="BookingTermsSettings.ToSettings"/>),
/// possibly edited; bookings then read the version in force on the quote's date.</summary>
internal static class TermsPresets
{
    /// <summary>Office de tourisme du Pays Fertois (group-booking-terms-pays-fertois.txt): 30 % deposit at the latest one month before,
    /// final count 7 days before, balance (70 %) on arrival; cancelled more than one month before → the deposit becomes a credit note
    /// valid 12 months from its payment, later → kept; claims within 3 days from the start of the disputed service.</summary>
    public static readonly BookingTerms PaysFertois = new(
        Version: 0,
        Preset: "pays-fertois",
        DepositPercent: 30,
        DepositDueMonthsBefore: 1,
        FileFeeSingleService: 0,
        FileFeeSeveralServices: 0,
        FileFeeStay: 0,
        IntermediateCountDaysBefore: null,
        IntermediateCountDaysBeforeWithLodging: null,
        IntermediateTolerance: 10,
        FinalCountDaysBefore: 7,
        FinalCountDaysBeforeWithLodging: 7,
        BalanceDue: BalanceDue.OnArrival,
        CancellationMode: CancellationMode.DepositToCreditNote,
        Schedule: [],
        ScheduleWithLodging: [],
        NoShowPercent: 100,
        CreditNoteMonthsBefore: 1,
        CreditNoteValidityMonths: 12,
        FreePlacePerPaying: 20,
        SchoolChildrenPerFreeAdult: 8,
        MinimumGroupSize: 10,
        OfficeCancellationNotice: [new(1, 1, 2), new(2, 6, 7), new(7, null, 20)],
        PriceRevisionNoticeDays: 20,
        PriceRevisionCancelAbovePercent: 8,
        TransferDaysBefore: 7,
        LateArrivalToleranceMinutes: 30,
        ClaimsDays: 3,
        ClaimsFrom: ClaimsFrom.ServiceStart,
        ShortStayDepositPercent: 30,
        ShortStayFullPaymentWithinDays: 30,
        QuoteValidityDays: 30,
        QuoteReminderDaysBeforeExpiry: 7,
        SubscriberDiscountPercent: 10);

    /// <summary>OMT de Zonza Sainte Lucie de Porto-Vecchio (terms-of-sale-zonza.txt, "Groupes" and "Courts séjours"): 25 % deposit
    /// plus non-refundable file fees at signing; intermediate count (±10) 14 / 30 days before, final count 7 / 21 days before
    /// (without / with lodging), then the invoice and the balance; cancellation schedules on the file's total; claims within 7 days
    /// after the end; short stays: 25 % deposit booked more than 30 days ahead, else the full price.</summary>
    public static readonly BookingTerms Zonza = new(
        Version: 0,
        Preset: "zonza",
        DepositPercent: 25,
        DepositDueMonthsBefore: 0,
        FileFeeSingleService: 500,
        FileFeeSeveralServices: 1200,
        FileFeeStay: 2000,
        IntermediateCountDaysBefore: 14,
        IntermediateCountDaysBeforeWithLodging: 30,
        IntermediateTolerance: 10,
        FinalCountDaysBefore: 7,
        FinalCountDaysBeforeWithLodging: 21,
        BalanceDue: BalanceDue.AfterFinalCount,
        CancellationMode: CancellationMode.Schedule,
        Schedule: [new(14, 8, 25), new(7, 3, 50), new(2, 0, 100)],
        ScheduleWithLodging: [new(30, 22, 25), new(21, 15, 50), new(14, 7, 75), new(6, 0, 100)],
        NoShowPercent: 100,
        CreditNoteMonthsBefore: 1,
        CreditNoteValidityMonths: 12,
        FreePlacePerPaying: 20,
        SchoolChildrenPerFreeAdult: 8,
        MinimumGroupSize: 10,
        OfficeCancellationNotice: [new(1, 1, 2), new(2, 6, 7), new(7, null, 20)],
        PriceRevisionNoticeDays: 20,
        PriceRevisionCancelAbovePercent: 8,
        TransferDaysBefore: 7,
        LateArrivalToleranceMinutes: 30,
        ClaimsDays: 7,
        ClaimsFrom: ClaimsFrom.End,
        ShortStayDepositPercent: 25,
        ShortStayFullPaymentWithinDays: 30,
        QuoteValidityDays: 30,
        QuoteReminderDaysBeforeExpiry: 7,
        SubscriberDiscountPercent: 10);

    public static IReadOnlyDictionary<string, BookingTerms> All { get; } = new Dictionary<string, BookingTerms>(StringComparer.Ordinal)
    {
        [PaysFertois.Preset] = PaysFertois,
        [Zonza.Preset] = Zonza,
    };
}
