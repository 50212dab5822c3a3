namespace Monolith.Modules.Bookings.Terms.Rules;

/// <summary>Free places (gratuités): one per group from every <c>FreePlacePerPaying</c> paying people ("20 payants + 1 gratuit":
/// the free person is on top of the 20 paying, so a group of N people gets the largest f with N − f ≥ 20 f, i.e. N / 21);
/// school groups: one accompanying adult free per <c>SchoolChildrenPerFreeAdult</c> children (never more than the adults present).
/// Services excluded from free places are charged for everyone.</summary>
internal static class FreePlaces
{
    public static int ForGroup(BookingTerms terms, int people) =>
        terms.FreePlacePerPaying <= 0 || people <= 0 ? 0 : people / (terms.FreePlacePerPaying + 1);

    public static int ForSchool(BookingTerms terms, int children, int adults) =>
        terms.SchoolChildrenPerFreeAdult <= 0 || children <= 0 ? 0 : Math.Min(adults, children / terms.SchoolChildrenPerFreeAdult);

    /// <summary>The free places of a group: school groups by their children, others by their size.</summary>
    public static int For(BookingTerms terms, bool school, int adults, int children) =>
        school ? ForSchool(terms, children, adults) : ForGroup(terms, adults + children);
}
