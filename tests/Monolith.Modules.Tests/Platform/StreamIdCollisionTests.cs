using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.Modules.Tests.Platform;

/// <summary>H4: no two different resources — whatever their office and ids — share a stream, for every stream kind of every module
/// (seeded random ids over an alphabet rich in separators, so collisions would show up).</summary>
public sealed class StreamIdCollisionTests
{
    private const int Seed = 11;
    private const string Alphabet = "ab-:%_.1";

    private static readonly Func<string, string, int, (string Kind, string Id)>[] Kinds =
    [
        (office, _, _) => ("office", global::Monolith.Modules.Offices.Offices.Office.StreamId(office)),
        (_, id, _) => ("office-user", global::Monolith.Modules.Offices.Users.User.StreamId(id)),
        (office, id, _) => ("office-login", global::Monolith.Modules.Offices.Users.LoginReservation.StreamId(office, id + "@x.test")),
        (office, _, year) => ("membership-campaign", global::Monolith.Modules.Membership.Campaigns.Campaign.StreamId(office, year)),
        (_, id, _) => ("membership-order", global::Monolith.Modules.Membership.Orders.Order.StreamId(id)),
        (_, id, _) => ("membership-member", global::Monolith.Modules.Membership.Members.Member.StreamId(id)),
        (office, _, year) => ("billing-numbering-F", global::Monolith.Modules.Billing.Numbering.DocumentSeries.Invoices.DaysStreamId(office, year)),
        (office, _, year) => ("billing-numbering-AV", global::Monolith.Modules.Billing.Numbering.DocumentSeries.CreditNotes.DaysStreamId(office, year)),
        (_, id, _) => ("billing-card", global::Monolith.Modules.Billing.Payments.CardCheckout.StreamId(id)),
        (office, id, _) => ("billing-account", global::Monolith.Modules.Billing.Accounts.CustomerAccount.StreamId(office, id)),
        (office, _, _) => ("subscriptions-numbers", global::Monolith.Modules.Subscriptions.Numbering.SubscriberNumbering.StreamId(office)),
        (office, id, _) => ("subscription-offer", global::Monolith.Modules.Subscriptions.Offers.Offer.StreamId(office, id)),
        (_, id, _) => ("subscription", global::Monolith.Modules.Subscriptions.Subscriptions.Subscription.StreamId(id)),
        (_, id, _) => ("data-subject", DataSubjectForgotten.StreamId(id)),
        (office, id, _) => ("email", Notifier.StreamIdFor(office, id)),
    ];

    [Fact]
    public void The_reported_pair_no_longer_collides()
    {
        global::Monolith.Modules.Billing.Accounts.CustomerAccount.StreamId("ot-caen-mer", "42")
            .Should().NotBe(global::Monolith.Modules.Billing.Accounts.CustomerAccount.StreamId("ot-caen", "mer-42"));
        global::Monolith.Modules.Subscriptions.Subscriptions.Subscription.StreamId("offer-ot-x")
            .Should().NotBe(global::Monolith.Modules.Subscriptions.Offers.Offer.StreamId("ot", "x"), "an offer's id is never a subscription's stream");
        global::Monolith.Modules.Offices.Offices.Office.StreamId("user-abc").Should().NotBe(global::Monolith.Modules.Offices.Users.User.StreamId("abc"));
    }

    [Fact]
    public void Different_resources_of_every_kind_never_share_a_stream_id()
    {
        var random = new Random(Seed);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 3_000; i++)
        {
            var office = RandomId(random);
            var id = RandomId(random);
            var year = random.Next(2020, 2023);
            foreach (var kind in Kinds)
            {
                var (name, streamId) = kind(office, id, year);
                var what = name switch
                {
                    "office" or "subscriptions-numbers" => $"{name}|{office}",
                    "office-user" or "membership-order" or "membership-member" or "billing-card" or "subscription" or "data-subject" => $"{name}|{id}",
                    "membership-campaign" or "billing-numbering-F" or "billing-numbering-AV" => $"{name}|{office}|{year}",
                    _ => $"{name}|{office}|{id}",
                };
                if (seen.TryGetValue(streamId, out var previous))
                {
                    previous.Should().Be(what, $"'{streamId}' must belong to one resource only");
                }
                else
                {
                    seen[streamId] = what;
                }
            }
        }

        seen.Count.Should().BeGreaterThan(10_000);
    }

    [Fact]
    public void A_stream_id_parses_back_to_its_kind_and_parts()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 5_000; i++)
        {
            var parts = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomId(random)).ToArray();
            var (kind, parsed) = StreamIds.Parse(StreamIds.For("billing-account", parts));
            kind.Should().Be("billing-account");
            parsed.Should().Equal(parts);
        }
    }

    private static string RandomId(Random random) =>
        new(Enumerable.Range(0, random.Next(1, 7)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
}
