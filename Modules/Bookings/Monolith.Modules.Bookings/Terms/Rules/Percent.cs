using Monolith.BuildingBlocks.Money;

namespace Monolith.Modules.Bookings.Terms.Rules;

internal static class Percent
{
    /// <summary><paramref name="percent"/> % of <paramref name="amount"/> cents, rounded half away from zero to the cent.</summary>
    public static long Of(long amount, int percent) => Vat.DivideRoundingHalfAwayFromZero(checked(amount * percent), 100);

    /// <summary>Basis points (1/100 %) of an amount, rounded half away from zero.</summary>
    public static long BasisPointsOf(long amount, int basisPoints) => Vat.DivideRoundingHalfAwayFromZero(checked(amount * basisPoints), 10000);
}
