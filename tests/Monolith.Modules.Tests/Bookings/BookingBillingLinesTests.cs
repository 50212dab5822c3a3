using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Bookings.GroupBookings.Billing;
using Monolith.Modules.Bookings.Terms;

namespace Monolith.Modules.Tests.Bookings;

/// <summary>What Bookings sends billing for each priced line: a partner's service sold as third-party funds names its provider.</summary>
public class BookingBillingLinesTests
{
    private static readonly DateOnly Day = new(2026, 6, 20);

    private static IReadOnlyList<InvoiceLineRequest> Lines(params ServiceLine[] services) =>
        [.. Pricing.Price(TermsPresets.Zonza, services, new Party(20, 0, false), 0, null).Lines.Select(BookingBilling.Line)];

    [Fact]
    public void A_partner_service_sold_as_third_party_funds_is_invoiced_on_behalf_of_its_provider()
    {
        var lines = Lines(new ServiceLine("Déjeuner corse", Day, null, 2500, 1000, true, 0, false, false, "svc-1", "prov-42", "Restaurant U Funtanonu", true, "123456789"));

        lines.Single().OnBehalfOf.Should().Be(new ThirdPartyProvider("prov-42", "Restaurant U Funtanonu", "123456789"));
        lines.Single().Label.Should().Contain("pour le compte de Restaurant U Funtanonu");
    }

    [Fact]
    public void The_office_own_service_and_a_partner_service_resold_by_the_office_are_its_revenue()
    {
        var lines = Lines(
            new ServiceLine("Visite guidée", Day, "2 h", 1200, 2000, true, 0, false, false, null, null, null, false),
            new ServiceLine("Balade en bateau", Day, null, 1500, 1000, true, 0, false, false, null, "prov-7", "Bateaux du golfe", false));

        lines.Should().OnlyContain(l => l.OnBehalfOf == null);
    }

    [Fact]
    public void A_provider_typed_by_hand_without_id_gets_a_stable_id_from_its_name()
    {
        var first = Lines(new ServiceLine("Déjeuner", Day, null, 2500, 1000, true, 0, false, false, null, null, "Restaurant U Funtanonu", true)).Single();
        var again = Lines(new ServiceLine("Dîner", Day, null, 3000, 1000, true, 0, false, false, null, null, " restaurant u funtanonu ", true)).Single();

        first.OnBehalfOf!.ProviderId.Should().StartWith("p-").And.Be(again.OnBehalfOf!.ProviderId);
    }
}
