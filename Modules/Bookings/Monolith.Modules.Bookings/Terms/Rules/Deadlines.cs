namespace Monolith.Modules.Bookings.Terms.Rules;

/// <summary>Dates counted back from the start in the office's calendar.</summary>
internal sealed record ParticipantDeadlines(DateOnly? Intermediate, DateOnly Final);

internal static class Deadlines
{
    /// <summary>Intermediate estimate (Zonza: 14 / 30 days before, ± tolerance) and final count (7 / 21 days; Pays Fertois: 7 days),
    /// without / with lodging. A count given on the deadline day is in time; the day after is late.</summary>
    public static ParticipantDeadlines Participants(BookingTerms terms, DateOnly start, bool withLodging)
    {
        var intermediate = withLodging ? terms.IntermediateCountDaysBeforeWithLodging : terms.IntermediateCountDaysBefore;
        return new ParticipantDeadlines(
            intermediate is { } i ? start.AddDays(-i) : null,
            start.AddDays(-(withLodging ? terms.FinalCountDaysBeforeWithLodging : terms.FinalCountDaysBefore)));
    }

    /// <summary>Transfer (cession) of the contract: notified at the latest N days (7) before the start — on that day still in time.</summary>
    public static DateOnly TransferDeadline(BookingTerms terms, DateOnly start) => start.AddDays(-terms.TransferDaysBefore);

    public static bool TransferAllowed(BookingTerms terms, DateOnly start, DateOnly notifiedOn) => notifiedOn <= TransferDeadline(terms, start);

    /// <summary>Length of a trip in days, first and last day included (a day trip is 1 day).</summary>
    public static int TripDays(DateOnly start, DateOnly end) => end.DayNumber - start.DayNumber + 1;

    /// <summary>Office cancellation for too few participants (C. tourisme R211-10, Zonza CGV 9.2): the notice band for the trip's length
    /// (20 days over 6 days, 7 days for 2 to 6 days, 48 hours for one day — a 2-day trip gets the longer 7-day notice, the reading that
    /// favours the traveller where the text names 2 days in both bands). Returns the last day the office may notify.</summary>
    public static DateOnly OfficeCancellationDeadline(BookingTerms terms, DateOnly start, DateOnly end)
    {
        var days = TripDays(start, end);
        var band = terms.OfficeCancellationNotice.FirstOrDefault(b => days >= b.MinTripDays && (b.MaxTripDays is null || days <= b.MaxTripDays))
            ?? terms.OfficeCancellationNotice.OrderByDescending(b => b.NoticeDays).First();
        return start.AddDays(-band.NoticeDays);
    }

    /// <summary>Claims: Pays Fertois within 3 days from the start of the disputed service (the start day counts as the first);
    /// Zonza within 7 days after the end. Returns the last day a claim is in time.</summary>
    public static DateOnly ClaimsDeadline(BookingTerms terms, DateOnly disputedServiceDate, DateOnly end) =>
        terms.ClaimsFrom == ClaimsFrom.ServiceStart ? disputedServiceDate.AddDays(terms.ClaimsDays - 1) : end.AddDays(terms.ClaimsDays);

    /// <summary>The quote's last valid day: the date + the terms' validity when the clerk gives none.</summary>
    public static DateOnly QuoteValidUntil(BookingTerms terms, DateOnly quotedOn, DateOnly? given) => given ?? quotedOn.AddDays(terms.QuoteValidityDays);
}
