using System.Collections.Immutable;
using System.Globalization;
using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Bookings.GroupBookings;

namespace Monolith.Modules.Bookings.Bundles;

// A group prepaid bundle (abonnement, Pays Fertois art. 2.2): a customer buys in advance a lot of predefined services at a
// preferential price (at least 30 % off the list price); each visit deducts what was consumed and produces a delivery note
// (bon de livraison). Stream: "bookings-bundle-{bundleId}".

internal enum BundlePayment
{
    /// <summary>Paid when bought: the invoice is issued at once.</summary>
    Upfront,

    /// <summary>Deferred: invoiced when sold, payable later (not e-mailed then); a delivery note after each service; the paid invoice
    /// e-mailed when billing settles it.</summary>
    Deferred,
}

/// <summary>A service of the bundle: how many, at which list price and at which bundle price (TTC, cents).</summary>
internal sealed record BundleItem(string ItemId, string Label, int Quantity, long ListPriceTtc, long UnitPriceTtc, int VatRateBasisPoints);

internal sealed record ConsumedItem(string ItemId, int Quantity);

internal abstract record BundleCommand;
internal sealed record SellBundle(string BundleId, BookingCustomer Customer, string Title, IReadOnlyList<BundleItem> Items, BundlePayment Payment, int MinimumDiscountPercent,
    DateOnly SoldOn, DateTimeOffset At) : BundleCommand;
internal sealed record RecordVisit(string VisitId, DateOnly On, IReadOnlyList<ConsumedItem> Consumed, DateTimeOffset At) : BundleCommand;
internal sealed record AttachBundleInvoice(string InvoiceId, string Number, DateTimeOffset At) : BundleCommand;
internal sealed record RecordBundlePaid(DateOnly On, DateTimeOffset At) : BundleCommand;

internal abstract record BundleEvent(string BundleId);
internal sealed record BundleSold(string BundleId, string Reference, BookingCustomer Customer, string Title, IReadOnlyList<BundleItem> Items, BundlePayment Payment,
    long Total, DateOnly SoldOn, DateTimeOffset At) : BundleEvent(BundleId);
internal sealed record VisitRecorded(string BundleId, string VisitId, int Number, string DeliveryNoteReference, DateOnly On, IReadOnlyList<ConsumedItem> Consumed,
    DateTimeOffset At) : BundleEvent(BundleId);
internal sealed record BundleInvoiceAttached(string BundleId, string InvoiceId, string Number, DateTimeOffset At) : BundleEvent(BundleId);

/// <summary>Billing settled the bundle's invoice (its published fact): a deferred-payment bundle's paid invoice is then e-mailed.</summary>
internal sealed record BundlePaid(string BundleId, DateOnly On, DateTimeOffset At) : BundleEvent(BundleId);

internal sealed record BundleState(string? BundleId, string Reference, BookingCustomer? Customer, string Title, IReadOnlyList<BundleItem> Items, BundlePayment Payment,
    ImmutableDictionary<string, int> Remaining, ImmutableList<VisitRecorded> Visits, string? InvoiceId, string? InvoiceNumber, DateOnly? PaidOn = null)
{
    public static readonly BundleState Initial = new(null, string.Empty, null, string.Empty, [], BundlePayment.Upfront, ImmutableDictionary<string, int>.Empty, [], null, null);

    public bool Exists => BundleId is not null;

    public long Total => Items.Sum(i => checked(i.Quantity * i.UnitPriceTtc));
}

internal static class Bundle
{
    public static string StreamId(string bundleId) => $"bookings-bundle-{bundleId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(BundleSold)] = "bookings.bundle-sold",
        [typeof(VisitRecorded)] = "bookings.bundle-visit-recorded",
        [typeof(BundleInvoiceAttached)] = "bookings.bundle-invoice-attached",
        [typeof(BundlePaid)] = "bookings.bundle-paid",
    };

    public static readonly Decider<BundleCommand, BundleEvent, BundleState> Decider = new(Decide, Evolve, BundleState.Initial);

    internal static IReadOnlyList<BundleEvent> Decide(BundleCommand command, BundleState s) => (command, s) switch
    {
        (SellBundle c, { Exists: true }) when c.BundleId == s.BundleId => [],
        (SellBundle c, _) => [Sell(c)],
        (_, { Exists: false }) => throw new NotFoundException("Abonnement groupe introuvable."),
        (RecordVisit c, _) when s.Visits.Any(v => v.VisitId == c.VisitId) => [],
        (RecordVisit c, _) => [Visit(c, s)],
        (AttachBundleInvoice c, _) when s.InvoiceId is not null => s.InvoiceId == c.InvoiceId ? [] : throw new DomainRuleViolation(
            "bundle.invoiced", "La facture de l'abonnement est déjà émise.", isConflict: true),
        (AttachBundleInvoice c, _) => [new BundleInvoiceAttached(s.BundleId!, c.InvoiceId, c.Number, c.At)],
        (RecordBundlePaid, { PaidOn: not null }) => [],
        (RecordBundlePaid, { InvoiceId: null }) => throw new DomainRuleViolation("bundle.not-invoiced", "L'abonnement n'est pas encore facturé.", isConflict: true),
        (RecordBundlePaid c, _) => [new BundlePaid(s.BundleId!, c.On, c.At)],
        _ => throw new DomainRuleViolation("bundle.invalid-step", "Opération impossible sur cet abonnement."),
    };

    private static BundleSold Sell(SellBundle c)
    {
        if (c.Items.Count == 0 || c.Items.Any(i => i.Quantity <= 0))
        {
            throw new DomainRuleViolation("bundle.no-item", "Un abonnement comporte au moins une prestation, en quantité positive.");
        }

        if (c.Items.Select(i => i.ItemId).Distinct(StringComparer.Ordinal).Count() != c.Items.Count)
        {
            throw new DomainRuleViolation("bundle.duplicate-item", "Chaque prestation n'apparaît qu'une fois dans l'abonnement.");
        }

        // At least N % off the list price: unit × 100 ≤ list × (100 − N), in integers.
        var tooExpensive = c.Items.FirstOrDefault(i => checked(i.UnitPriceTtc * 100) > checked(i.ListPriceTtc * (100 - c.MinimumDiscountPercent)));
        if (tooExpensive is not null)
        {
            throw new DomainRuleViolation("bundle.discount-too-small",
                $"« {tooExpensive.Label} » : le tarif d'abonnement doit être réduit d'au moins {c.MinimumDiscountPercent} % par rapport au tarif public.");
        }

        var total = c.Items.Sum(i => checked(i.Quantity * i.UnitPriceTtc));
        return new BundleSold(c.BundleId, "ABO-" + c.BundleId.ToUpperInvariant(), c.Customer, c.Title.Trim(), c.Items, c.Payment, total, c.SoldOn, c.At);
    }

    private static VisitRecorded Visit(RecordVisit c, BundleState s)
    {
        if (c.Consumed.Count == 0 || c.Consumed.Any(x => x.Quantity <= 0))
        {
            throw new DomainRuleViolation("bundle.nothing-consumed", "Indiquez les prestations effectuées, en quantité positive.");
        }

        foreach (var group in c.Consumed.GroupBy(x => x.ItemId, StringComparer.Ordinal))
        {
            if (!s.Remaining.TryGetValue(group.Key, out var left))
            {
                throw new DomainRuleViolation("bundle.unknown-item", $"La prestation « {group.Key} » ne fait pas partie de l'abonnement.");
            }

            var wanted = group.Sum(x => x.Quantity);
            if (wanted > left)
            {
                var label = s.Items.First(i => i.ItemId == group.Key).Label;
                throw new DomainRuleViolation("bundle.exhausted", $"Il ne reste que {left.ToString(CultureInfo.InvariantCulture)} « {label} » sur l'abonnement.");
            }
        }

        var number = s.Visits.Count + 1;
        return new VisitRecorded(s.BundleId!, c.VisitId, number, $"BL-{s.BundleId!.ToUpperInvariant()}-{number:D3}", c.On,
            [.. c.Consumed.GroupBy(x => x.ItemId, StringComparer.Ordinal).Select(g => new ConsumedItem(g.Key, g.Sum(x => x.Quantity)))], c.At);
    }

    internal static BundleState Evolve(BundleState s, BundleEvent e) => e switch
    {
        BundleSold x => new BundleState(x.BundleId, x.Reference, x.Customer, x.Title, x.Items, x.Payment, x.Items.ToImmutableDictionary(i => i.ItemId, i => i.Quantity), [],
            null, null),
        VisitRecorded x => s with
        {
            Remaining = x.Consumed.Aggregate(s.Remaining, (r, c) => r.SetItem(c.ItemId, r[c.ItemId] - c.Quantity)),
            Visits = s.Visits.Add(x),
        },
        BundleInvoiceAttached x => s with { InvoiceId = x.InvoiceId, InvoiceNumber = x.Number },
        BundlePaid x => s with { PaidOn = x.On },
        _ => s,
    };
}
