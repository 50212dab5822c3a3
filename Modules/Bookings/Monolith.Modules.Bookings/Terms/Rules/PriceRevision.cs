namespace Monolith.Modules.Bookings.Terms.Rules;

/// <summary>A price revision (Zonza art. 5, C. tourisme L211-12/13): up or down for fuel, taxes or exchange rates, notified at least
/// 20 days before the start with its calculation. An increase of more than 8 % of the total lets the customer cancel without fees
/// (exactly 8 % does not).</summary>
internal sealed record PriceRevisionCheck(long OldTotal, long NewTotal, long Difference, decimal ChangePercent, bool InTime, bool CustomerMayCancelFree);

internal static class PriceRevision
{
    public static PriceRevisionCheck Check(BookingTerms terms, long oldTotal, long newTotal, DateOnly start, DateOnly notifiedOn)
    {
        var inTime = notifiedOn <= start.AddDays(-terms.PriceRevisionNoticeDays);
        var change = oldTotal == 0 ? 0m : Math.Round((newTotal - oldTotal) * 100m / oldTotal, 2);
        // newTotal / oldTotal > 1 + p/100, in integers.
        var above = checked(newTotal * 100) > checked(oldTotal * (100 + terms.PriceRevisionCancelAbovePercent));
        return new PriceRevisionCheck(oldTotal, newTotal, newTotal - oldTotal, change, inTime, above);
    }
}
