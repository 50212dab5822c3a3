namespace Monolith.Modules.Bookings.Terms.Rules;

/// <summary>The deposit (acompte) asked at signing and its due date.</summary>
internal sealed record DepositDue(long Amount, int Percent, DateOnly DueOn, bool FullPayment);

internal static class Deposits
{
    /// <summary>Groups: <c>DepositPercent</c> of the services' total, plus the file fees in full; due at signing, or (Pays Fertois) "au plus
    /// tard un mois avant la prestation": the later of the signing date and the day N months before the start.</summary>
    public static DepositDue ForGroup(BookingTerms terms, long servicesTotal, long fileFees, DateOnly signedOn, DateOnly start)
    {
        var due = terms.DepositDueMonthsBefore > 0 ? Max(signedOn, start.AddMonths(-terms.DepositDueMonthsBefore)) : signedOn;
        return new DepositDue(Percent.Of(servicesTotal, terms.DepositPercent) + fileFees, terms.DepositPercent, due, false);
    }

    /// <summary>Short stays and furnished rentals (Zonza "Courts séjours" art. 1): booked more than
    /// <c>ShortStayFullPaymentWithinDays</c> (30) days before arrival → <c>ShortStayDepositPercent</c> (25 %); 30 days or less → the full price.
    /// Both due at booking.</summary>
    public static DepositDue ForShortStay(BookingTerms terms, long total, DateOnly bookedOn, DateOnly arrival)
    {
        var days = arrival.DayNumber - bookedOn.DayNumber;
        return days > terms.ShortStayFullPaymentWithinDays
            ? new DepositDue(Percent.Of(total, terms.ShortStayDepositPercent), terms.ShortStayDepositPercent, bookedOn, false)
            : new DepositDue(total, 100, bookedOn, true);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
