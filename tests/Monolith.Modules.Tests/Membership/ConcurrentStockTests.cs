using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Facts;
using Monolith.Modules.Membership.Campaigns;
using Monolith.Modules.Membership.Contracts.Facts;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders;
using Monolith.Modules.Offices.Contracts;
using Monolith.Testing;
using static Monolith.Modules.Tests.Membership.SeedCatalogue;

namespace Monolith.Modules.Tests.Membership;

/// <summary>Validations racing for the last units, on the real SQLite event store: the campaign stream decides the stock, so exactly the
/// stock sells, every other member gets a clear refusal and their order is a draft again (never validated).</summary>
public sealed class ConcurrentStockTests : IAsyncDisposable
{
    private const string Office = "ot-caen";
    private readonly TempDatabase _db = new();
    private readonly ManualTimeProvider _time = new(At);
    private readonly CommandHandler _handler;
    private readonly OrderValidation _validation;
    private readonly IEventStore _store;

    public ConcurrentStockTests()
    {
        _store = new SqliteEventStore(_db.Connections, _time);
        var registry = new EventTypeRegistry().Register(Campaign.EventNames).Register(Member.EventNames).Register(Order.EventNames)
            .Register(PublishedFacts.Names(MembershipFacts.All));
        var serializer = new EventSerializer(registry, new PersonalDataProtector(new SqliteDataSubjectKeyStore(_db.Connections, PersonalDataOptions.Development(), _time)));
        _handler = new CommandHandler(_store, serializer);
        _validation = new OrderValidation(_handler, new OrderLoader(_handler, new Directory(), new OfficeCalendars(new Directory(), _time)), _time);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Twelve_members_validating_at_once_for_the_last_three_slots_three_get_them_nine_are_refused_and_stay_drafts()
    {
        await OpenCampaignAsync(Bornes with { Stock = 3 });
        var orders = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            orders.Add(await DraftAsync($"m{i}", ["cotisation", "pack-loisirs", "bornes"]));
        }

        var outcomes = await Task.WhenAll(orders.Select(orderId => Task.Run(async () =>
        {
            try
            {
                var state = await _validation.ValidateAsync(Office, orderId, null, Context(), CancellationToken.None);
                return (orderId, state.Number, Refusal: (DomainRuleViolation?)null);
            }
            catch (DomainRuleViolation refused)
            {
                return (orderId, Number: (string?)null, Refusal: refused);
            }
        })));

        outcomes.Where(o => o.Number is not null).Select(o => o.Number).Should().BeEquivalentTo(["2020-0001", "2020-0002", "2020-0003"]);
        var refusals = outcomes.Where(o => o.Refusal is not null).ToList();
        refusals.Should().HaveCount(9);
        refusals.Should().OnlyContain(o => o.Refusal!.Code == "product.out-of-stock" && o.Refusal.IsConflict
            && o.Refusal.Message == "Le produit « Régie publicitaire : Insertion sur les bornes tactiles » n'est plus disponible (stock épuisé).");

        foreach (var (orderId, number, _) in outcomes)
        {
            var order = (await _handler.LoadAsync(Order.Decider, Order.StreamId(orderId), Office)).State;
            order.Status.Should().Be(number is null ? OrderStatus.Draft : OrderStatus.Validated, "nothing is half-written");
            order.Number.Should().Be(number);
        }

        var campaign = (await _handler.LoadAsync(Campaign.Decider, Campaign.StreamId(Office, Year), Office)).State;
        campaign.SoldOf("bornes").Should().Be(3);
        campaign.Remaining(campaign.Find("bornes")!).Should().Be(0);
        (await _store.ReadStreamAsync(Campaign.StreamId(Office, Year))).Count(e => e.Type == "membership.order-accepted").Should().Be(3);
    }

    [Fact]
    public async Task Concurrent_validations_of_unlimited_products_are_all_accepted_with_continuous_numbers()
    {
        await OpenCampaignAsync(Bornes);
        var orders = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            orders.Add(await DraftAsync($"m{i}", ["cotisation", "pack-pro"]));
        }

        var states = await Task.WhenAll(orders.Select(id => Task.Run(() => _validation.ValidateAsync(Office, id, null, Context(), CancellationToken.None))));

        states.Select(s => s.Number).Should().BeEquivalentTo(Enumerable.Range(1, 10).Select(i => Campaign.OrderNumber(Year, i)), "numbers have no gap and no duplicate");
    }

    [Fact]
    public async Task A_member_cannot_validate_another_members_order()
    {
        await OpenCampaignAsync(Bornes);
        var orderId = await DraftAsync("m1", ["cotisation"]);

        var act = () => _validation.ValidateAsync(Office, orderId, "m2", Context(), CancellationToken.None);

        await act.Should().ThrowAsync<NotFoundException>();
        (await _handler.LoadAsync(Order.Decider, Order.StreamId(orderId), Office)).State.Status.Should().Be(OrderStatus.Draft);
    }

    [Fact]
    public async Task An_order_left_submitted_by_a_crash_between_the_streams_is_completed_by_the_next_attempt()
    {
        await OpenCampaignAsync(Bornes);
        var orderId = await DraftAsync("m1", ["cotisation", "pack-loisirs", "bornes"]);
        var catalogue = new OrderCatalogue(Products, [Org2]);
        await _handler.HandleAsync(Order.Decider, Order.StreamId(orderId), new SubmitOrder(catalogue, 1, At), Context()); // then the process died

        var first = await _validation.CompleteAsync(Office, orderId, Context(), CancellationToken.None);
        var again = await _validation.CompleteAsync(Office, orderId, Context(), CancellationToken.None);

        first.Status.Should().Be(OrderStatus.Validated);
        (first.Number, again.Number).Should().Be(("2020-0001", "2020-0001"));
        (await _handler.LoadAsync(Campaign.Decider, Campaign.StreamId(Office, Year), Office)).State.SoldOf("bornes").Should().Be(1, "accepted once");
    }

    private static CommandContext Context() => new(Office, "member", Guid.NewGuid());

    private async Task OpenCampaignAsync(Monolith.Modules.Membership.Campaigns.Product bornes)
    {
        var stream = Campaign.StreamId(Office, Year);
        await _handler.HandleAsync(Campaign.Decider, stream, new CreateCampaign(Year, "Campagne d'adhésion 2020", At), Context());
        foreach (var product in new[] { Cotisation, Referencement, PackPro, PackLoisirs, bornes })
        {
            await _handler.HandleAsync(Campaign.Decider, stream, new AddProduct(product, At), Context());
        }

        await _handler.HandleAsync(Campaign.Decider, stream, new OpenCampaign(At), Context());
    }

    private async Task<string> DraftAsync(string memberId, IReadOnlyList<string> products)
    {
        await _handler.HandleAsync(Member.Decider, Member.StreamId(memberId),
            new RegisterMember(memberId, $"Société {memberId}", $"{memberId}@example.test", [], [Org2], At), Context());
        var orderId = $"order-{memberId}";
        var stream = Order.StreamId(orderId);
        var catalogue = new OrderCatalogue(Products, [Org2]);
        await _handler.HandleAsync(Order.Decider, stream, new StartOrder(orderId, memberId, Year, At), Context());
        await _handler.HandleAsync(Order.Decider, stream, new SelectProducts(Org2.OfferId, products, catalogue, At), Context());
        await _handler.HandleAsync(Order.Decider, stream, new ChoosePaymentMethod(PaymentChoice.Cheque, At), Context());
        await _handler.HandleAsync(Order.Decider, stream, new SetBillingAddress(Address, At), Context());
        await _handler.HandleAsync(Order.Decider, stream, new AcceptTerms(1, At), Context());
        return orderId;
    }

    /// <summary>An office in Europe/Paris whose terms of sale version 1 are in force.</summary>
    private sealed class Directory : IOfficeDirectory
    {
        private static readonly TermsOfSaleVersion Terms = new(1, "CGV", "…", new Dictionary<string, string>(), new DateOnly(2019, 1, 1), At);

        public Task<OfficeProfile?> GetOfficeAsync(string officeId, CancellationToken ct = default) =>
            Task.FromResult<OfficeProfile?>(new OfficeProfile(officeId, "OT Caen la Mer", "Europe/Paris", null));

        public Task<TermsOfSaleVersion?> GetTermsInForceAsync(string officeId, DateOnly on, CancellationToken ct = default) => Task.FromResult<TermsOfSaleVersion?>(Terms);

        public Task<TermsOfSaleVersion?> GetTermsVersionAsync(string officeId, int version, CancellationToken ct = default) =>
            Task.FromResult<TermsOfSaleVersion?>(version == 1 ? Terms : null);
    }
}
