namespace Monolith.Modules.Bookings.Terms.Rules;

/// <summary>What the customer's cancellation costs. <paramref name="DaysBefore"/>: calendar days from the receipt of the written
/// cancellation to the arrival, in the office's calendar. <paramref name="Fee"/>: retained on the file's total (file fees are never
/// refunded and come on top, in <paramref name="RetainedFileFees"/>). <paramref name="CreditNote"/>: what becomes a credit note
/// (Pays Fertois), valid until <paramref name="CreditNoteExpiresOn"/>. <paramref name="Refund"/>: what goes back to the customer
/// out of <c>paid</c>; <paramref name="StillOwed"/>: what the customer still owes (fee above what was paid).</summary>
internal sealed record CancellationCharge(
    int DaysBefore,
    int Percent,
    long Fee,
    long RetainedFileFees,
    long CreditNote,
    DateOnly? CreditNoteExpiresOn,
    long Refund,
    long StillOwed,
    string Rule);

/// <summary>The cancellation fee from the booking's own terms version, every boundary day as the seeds word it:
/// Zonza bands are inclusive ("de 14 à 8 jours" = days 14..8), "&lt; 3 jours" = 2..0, a receipt on or after the arrival day or a
/// no-show = the no-show percentage; Pays Fertois: "dans un délai supérieur à 1 mois" = received strictly before the day one month
/// before the arrival → the deposit paid becomes a credit note valid N months from its payment date; otherwise the deposit is kept.
/// Exceptional and unavoidable circumstances waive every fee and refund everything paid, file fees included (Zonza CGV 9.1).</summary>
internal static class CancellationFees
{
    public static CancellationCharge Compute(
        BookingTerms terms,
        bool withLodging,
        DateOnly arrival,
        DateOnly receivedOn,
        bool noShow,
        long servicesTotal,
        long fileFees,
        long deposit,
        long paid,
        DateOnly? depositPaidOn,
        bool exceptionalCircumstances)
    {
        var days = arrival.DayNumber - receivedOn.DayNumber;
        if (exceptionalCircumstances)
        {
            return new CancellationCharge(days, 0, 0, 0, 0, null, paid, 0, "exceptional-circumstances");
        }

        if (terms.CancellationMode == CancellationMode.DepositToCreditNote)
        {
            var boundary = arrival.AddMonths(-terms.CreditNoteMonthsBefore);
            if (!noShow && receivedOn < boundary)
            {
                // The deposit paid becomes a credit note; nothing else was due yet (balance on arrival).
                var credit = Math.Min(paid, deposit);
                var expires = (depositPaidOn ?? receivedOn).AddMonths(terms.CreditNoteValidityMonths);
                return new CancellationCharge(days, 0, 0, 0, credit, credit > 0 ? expires : null, Math.Max(0, paid - credit), 0, "deposit-to-credit-note");
            }

            return new CancellationCharge(days, terms.DepositPercent, deposit, 0, 0, null, Math.Max(0, paid - deposit), Math.Max(0, deposit - paid),
                noShow ? "no-show" : "deposit-kept");
        }

        var percent = noShow || days <= 0 ? terms.NoShowPercent : PercentFor(withLodging ? terms.ScheduleWithLodging : terms.Schedule, days);
        var fee = Percent.Of(servicesTotal, percent);
        var retained = fee + fileFees;
        return new CancellationCharge(days, percent, fee, fileFees, 0, null, Math.Max(0, paid - retained), Math.Max(0, retained - paid),
            noShow ? "no-show" : percent == 0 ? "free" : "schedule");
    }

    /// <summary>The band containing <paramref name="daysBefore"/>, 0 % outside every band (earlier than the first).</summary>
    public static int PercentFor(IReadOnlyList<FeeBand> schedule, int daysBefore) =>
        schedule.FirstOrDefault(b => daysBefore <= b.MaxDays && daysBefore >= b.MinDays)?.Percent ?? 0;
}
