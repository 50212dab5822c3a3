using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Money;

namespace Monolith.Modules.Membership.Campaigns;

// The yearly membership campaign of an office and its catalogue. Stream: "membership-campaign-{office}-{year}" (one campaign per
// office and year). The same stream decides the stock of every product and numbers the orders it accepts: a stock-limited product can
// never be oversold, because every reservation is an append with the expected revision of this one stream (the generic handler
// re-loads and re-decides on a conflict), and the order number is taken in the same append — gapless by construction.

/// <summary>A product of the catalogue. <paramref name="Stock"/> null = unlimited. <paramref name="MandatoryForPrincipal"/>: every
/// member must take it for their principal activity (the annual fee). <paramref name="Prerequisites"/>: products that must be in the
/// same order for this one to be taken.</summary>
internal sealed record Product(
    string ProductId,
    string Name,
    string Description,
    long PriceTtc,
    VatRate VatRate,
    int? Stock,
    bool MandatoryForPrincipal,
    IReadOnlyList<string> Prerequisites)
{
    /// <summary>Value equality including the prerequisites' content (a record compares lists by reference).</summary>
    public bool SameAs(Product other) =>
        this with { Prerequisites = [] } == other with { Prerequisites = [] } && Prerequisites.SequenceEqual(other.Prerequisites);
}

internal enum CampaignStatus
{
    None,
    Draft,
    Open,
    Closed,
}

internal abstract record CampaignCommand;
internal sealed record CreateCampaign(int Year, string Name, DateTimeOffset At) : CampaignCommand;
internal sealed record AddProduct(Product Product, DateTimeOffset At) : CampaignCommand;
internal sealed record ChangeProduct(Product Product, DateTimeOffset At) : CampaignCommand;
internal sealed record OpenCampaign(DateTimeOffset At) : CampaignCommand;
internal sealed record CloseCampaign(DateTimeOffset At) : CampaignCommand;

/// <summary>Reserves the products of a submitted order (one entry per ticked product; a product ticked for two offers counts twice)
/// and gives the order its number.</summary>
internal sealed record AcceptOrder(string OrderId, string MemberId, IReadOnlyList<string> ProductIds, DateTimeOffset At) : CampaignCommand;

internal abstract record CampaignEvent;
internal sealed record CampaignCreated(int Year, string Name, DateTimeOffset CreatedAt) : CampaignEvent;
internal sealed record ProductAdded(int Year, Product Product, DateTimeOffset AddedAt) : CampaignEvent;
internal sealed record ProductChanged(int Year, Product Product, DateTimeOffset ChangedAt) : CampaignEvent;
internal sealed record CampaignOpened(int Year, DateTimeOffset OpenedAt) : CampaignEvent;
internal sealed record CampaignClosed(int Year, DateTimeOffset ClosedAt) : CampaignEvent;
internal sealed record OrderAccepted(int Year, string OrderId, string MemberId, int Sequence, string Number, IReadOnlyList<string> ProductIds, DateTimeOffset AcceptedAt) : CampaignEvent;

internal sealed record AcceptedOrder(string OrderId, int Sequence, string Number);

internal sealed record CampaignState(
    int Year,
    string Name,
    CampaignStatus Status,
    IReadOnlyList<Product> Products,
    IReadOnlyDictionary<string, int> Sold,
    IReadOnlyDictionary<string, AcceptedOrder> Orders,
    int LastSequence)
{
    public static readonly CampaignState Initial = new(0, "", CampaignStatus.None, [], new Dictionary<string, int>(), new Dictionary<string, AcceptedOrder>(), 0);

    public bool Exists => Status != CampaignStatus.None;

    public Product? Find(string productId) => Products.FirstOrDefault(p => p.ProductId == productId);

    public int SoldOf(string productId) => Sold.GetValueOrDefault(productId);

    /// <summary>Units still available; null when the product is not stock-limited.</summary>
    public int? Remaining(Product product) => Campaign.RemainingOf(product.Stock, SoldOf(product.ProductId));
}

internal static class Campaign
{
    /// <summary>THE remaining-stock rule (the decider's check, the portal's catalogue, the dashboard): stock − sold, never below zero;
    /// null = unlimited.</summary>
    public static int? RemainingOf(int? stock, int sold) => stock is { } s ? Math.Max(0, s - sold) : null;

    public static string StreamId(string officeId, int year) =>
        StreamIds.For("membership-campaign", officeId, year.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string OrderNumber(int year, int sequence) =>
        $"{year.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{sequence.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(CampaignCreated)] = "membership.campaign-created",
        [typeof(ProductAdded)] = "membership.product-added",
        [typeof(ProductChanged)] = "membership.product-changed",
        [typeof(CampaignOpened)] = "membership.campaign-opened",
        [typeof(CampaignClosed)] = "membership.campaign-closed",
        [typeof(OrderAccepted)] = "membership.order-accepted",
    };

    public static readonly Decider<CampaignCommand, CampaignEvent, CampaignState> Decider = new(Decide, Evolve, CampaignState.Initial);

    internal static IReadOnlyList<CampaignEvent> Decide(CampaignCommand command, CampaignState state) => (command, state) switch
    {
        (CreateCampaign c, { Exists: true }) when c.Year == state.Year && c.Name.Trim() == state.Name => [],
        (CreateCampaign c, { Exists: true }) =>
            throw new DomainRuleViolation("campaign.exists", $"A campaign already exists for {c.Year}: \"{state.Name}\".", isConflict: true),
        (CreateCampaign c, _) => [new CampaignCreated(c.Year, c.Name.Trim(), c.At)],
        (_, { Exists: false }) => throw new NotFoundException("Campaign not found."),

        (AddProduct c, _) when state.Find(c.Product.ProductId) is { } existing =>
            existing.SameAs(c.Product) ? [] : throw new DomainRuleViolation("product.exists", $"The catalogue already has a product '{c.Product.ProductId}'.", isConflict: true),
        (AddProduct, { Status: CampaignStatus.Closed }) => throw Closed(state),
        (AddProduct c, _) => [new ProductAdded(state.Year, CheckProduct(c.Product, state), c.At)],

        (ChangeProduct c, _) when state.Find(c.Product.ProductId) is null => throw new NotFoundException($"Product '{c.Product.ProductId}' not found."),
        (ChangeProduct c, _) when state.Find(c.Product.ProductId)!.SameAs(c.Product) => [],
        (ChangeProduct c, _) when state.SoldOf(c.Product.ProductId) > 0 =>
            throw new DomainRuleViolation("product.already-ordered",
                $"\"{state.Find(c.Product.ProductId)!.Name}\" has already been ordered ({state.SoldOf(c.Product.ProductId)}): it can no longer be changed.", isConflict: true),
        (ChangeProduct, { Status: CampaignStatus.Closed }) => throw Closed(state),
        (ChangeProduct c, _) => [new ProductChanged(state.Year, CheckProduct(c.Product, state), c.At)],

        (OpenCampaign, { Status: CampaignStatus.Open }) => [],
        (OpenCampaign, { Products.Count: 0 }) => throw new DomainRuleViolation("campaign.empty-catalogue", "Add at least one product before opening the campaign."),
        (OpenCampaign c, _) => [new CampaignOpened(state.Year, c.At)],
        (CloseCampaign, { Status: CampaignStatus.Closed }) => [],
        (CloseCampaign, { Status: CampaignStatus.Draft }) => throw new DomainRuleViolation("campaign.not-open", "The campaign has not been opened."),
        (CloseCampaign c, _) => [new CampaignClosed(state.Year, c.At)],

        (AcceptOrder c, _) when state.Orders.ContainsKey(c.OrderId) => [],
        (AcceptOrder, { Status: not CampaignStatus.Open }) =>
            throw new DomainRuleViolation("campaign.not-open", $"La campagne « {state.Name} » n'est pas ouverte aux commandes.", isConflict: true),
        (AcceptOrder { ProductIds.Count: 0 }, _) => throw new DomainRuleViolation("order.empty", "Votre commande ne contient aucun produit."),
        (AcceptOrder c, _) => Accept(c, state),
        _ => throw new DomainRuleViolation("campaign.invalid-command", "This change is not possible on the campaign."),
    };

    private static IReadOnlyList<CampaignEvent> Accept(AcceptOrder c, CampaignState state)
    {
        var shortages = new List<string>();
        foreach (var group in c.ProductIds.GroupBy(id => id, StringComparer.Ordinal))
        {
            var product = state.Find(group.Key)
                ?? throw new DomainRuleViolation("product.unknown", $"Le produit « {group.Key} » n'existe pas dans le catalogue de la campagne.");
            if (state.Remaining(product) is { } remaining && group.Count() > remaining)
            {
                shortages.Add(remaining == 0
                    ? $"Le produit « {product.Name} » n'est plus disponible (stock épuisé)."
                    : $"Le produit « {product.Name} » n'est plus disponible qu'en {remaining} exemplaire(s) ; vous en avez demandé {group.Count()}.");
            }
        }

        if (shortages.Count > 0)
        {
            throw new DomainRuleViolation("product.out-of-stock", string.Join(" ", shortages), isConflict: true);
        }

        var sequence = state.LastSequence + 1;
        return [new OrderAccepted(state.Year, c.OrderId, c.MemberId, sequence, OrderNumber(state.Year, sequence), c.ProductIds, c.At)];
    }

    private static Product CheckProduct(Product product, CampaignState state)
    {
        if (product.PriceTtc < 0)
        {
            throw new DomainRuleViolation("product.negative-price", "A product's price cannot be negative.");
        }

        if (product.Stock is < 0)
        {
            throw new DomainRuleViolation("product.negative-stock", "A product's stock cannot be negative.");
        }

        foreach (var prerequisite in product.Prerequisites)
        {
            if (prerequisite == product.ProductId)
            {
                throw new DomainRuleViolation("product.self-prerequisite", "A product cannot be its own prerequisite.");
            }

            if (state.Find(prerequisite) is null)
            {
                throw new DomainRuleViolation("product.unknown-prerequisite", $"The prerequisite '{prerequisite}' is not in the catalogue.");
            }
        }

        return product with { Name = product.Name.Trim(), Description = product.Description.Trim(), Prerequisites = product.Prerequisites.Distinct().ToList() };
    }

    private static DomainRuleViolation Closed(CampaignState state) =>
        new("campaign.closed", $"The campaign \"{state.Name}\" is closed.", isConflict: true);

    internal static CampaignState Evolve(CampaignState state, CampaignEvent @event) => @event switch
    {
        CampaignCreated e => state with { Year = e.Year, Name = e.Name, Status = CampaignStatus.Draft },
        ProductAdded e => state with { Products = [.. state.Products, e.Product] },
        ProductChanged e => state with { Products = [.. state.Products.Select(p => p.ProductId == e.Product.ProductId ? e.Product : p)] },
        CampaignOpened => state with { Status = CampaignStatus.Open },
        CampaignClosed => state with { Status = CampaignStatus.Closed },
        OrderAccepted e => state with
        {
            Sold = AddSold(state.Sold, e.ProductIds),
            Orders = new Dictionary<string, AcceptedOrder>(state.Orders) { [e.OrderId] = new(e.OrderId, e.Sequence, e.Number) },
            LastSequence = e.Sequence,
        },
        _ => state,
    };

    private static Dictionary<string, int> AddSold(IReadOnlyDictionary<string, int> sold, IEnumerable<string> productIds)
    {
        var next = new Dictionary<string, int>(sold);
        foreach (var id in productIds)
        {
            next[id] = next.GetValueOrDefault(id) + 1;
        }

        return next;
    }
}
