namespace Monolith.Modules.Bookings.Terms.Rules;

/// <summary>File fees (frais de dossier, Zonza "Groupes" art. 3), never refunded: a stay of at least one night → the stay fee;
/// otherwise one service → the single fee, two or more → the several-services fee. Terms without file fees give 0.</summary>
internal static class FileFees
{
    public static long For(BookingTerms terms, int serviceCount, int nights) =>
        serviceCount <= 0 ? 0
        : nights >= 1 ? terms.FileFeeStay
        : serviceCount == 1 ? terms.FileFeeSingleService
        : terms.FileFeeSeveralServices;
}
