using Monolith.Modules.Bookings.Credits;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.Documents;

/// <summary>What the group-booking documents print, in one place: the reactor that e-mails them and the staff download endpoints render
/// the same model from the same streams, so a downloaded document is the one the customer received.</summary>
internal static class BookingDocumentModels
{
    /// <summary>One exchange voucher to print: its number (<c>BE-{BOOKING}-{n}</c>), the file name without extension and the template's
    /// fields.</summary>
    internal sealed record Voucher(int Index, string Number, string Provider, string FileStem, object Extra);

    public static BookingMailModel Model(GroupBookingState s, OfficeProfile? office, object extra) => new(
        office?.Legal?.LegalName ?? office?.Name ?? "L'office de tourisme", s.Customer!.Name, s.Reference, s.Title, s.Start, s.End, s.ValidUntil,
        s.Price.Total, s.Deposit, s.Terms!.DepositPercent, s.DepositDueOn, s.Deadlines.Final, s.Terms.BalanceDue == Terms.BalanceDue.OnArrival, extra);

    /// <summary>One exchange voucher per provider (the office's own services under its name), listing the services, dates and the number
    /// of people, in the order of the services on the booking.</summary>
    public static IReadOnlyList<Voucher> ExchangeVouchers(GroupBookingState s, OfficeProfile? office)
    {
        var party = s.Charged ?? s.Party;
        return [.. s.Services.GroupBy(l => l.ProviderName ?? office?.Name ?? "Office de tourisme").Select((group, i) =>
        {
            var index = i + 1;
            var number = $"BE-{s.BookingId!.ToUpperInvariant()}-{index}";
            return new Voucher(index, number, group.Key, $"bon-echange-{index}-{s.Reference}", new
            {
                number,
                provider = group.Key,
                people = party.People,
                adults = party.Adults,
                children = party.Children,
                lateMinutes = s.Terms!.LateArrivalToleranceMinutes,
                services = group.Select(l => new { l.Label, l.Date, l.Duration }).ToList(),
            });
        })];
    }

    /// <summary>The credit note (avoir) as issued: its reference, amount, validity, the deposit's payment date and the issue date.</summary>
    public static object CreditNote(CreditNoteIssued issued) => new
    {
        reference = issued.Reference,
        amount = issued.Amount,
        expiresOn = issued.ExpiresOn,
        paidOn = issued.PaidOn,
        issuedOn = issued.IssuedOn,
    };

    public static string CreditNoteFileStem(string reference) => $"avoir-{reference}";
}
