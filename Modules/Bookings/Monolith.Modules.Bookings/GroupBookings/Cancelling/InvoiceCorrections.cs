using Monolith.Modules.Bookings.GroupBookings.Billing;

namespace Monolith.Modules.Bookings.GroupBookings.Cancelling;

/// <summary>Part of one of the booking's invoices credited by a billing credit note (CGI 289-I-5: the invoice stays, a credit note
/// refers to it): one line per VAT rate and per partner provider, as the invoice was split, each at most what that invoice carries for
/// that rate and provider.</summary>
internal sealed record InvoiceCredit(string InvoiceId, string InvoiceNumber, IReadOnlyList<PricedLine> Lines)
{
    public long Total => Lines.Sum(l => l.Total);
}

/// <summary>How a cancellation that keeps part of the money reaches billing: what the booking's invoices carry, per VAT rate and per
/// partner provider (third-party funds) — the deposit invoice as signed, the final invoice as issued, minus the deposit it deducts — less
/// what the booking keeps (the fee of the schedule, the deposit kept, the services performed before a force majeure, the file fees
/// when they are not refunded) is credited, from the final invoice first, then from the deposit invoice. Pure: the decider calls it
/// and the amounts travel in the cancellation event; the reactor only sends them to billing.</summary>
internal static class InvoiceCorrections
{
    /// <summary>A part of the invoices: a VAT rate, the partner provider collected for (null = the office's own revenue), file fees apart.</summary>
    internal readonly record struct Part(int Rate, string? Provider, bool FileFee, bool TouristTax = false);

    internal static Part PartOf(PricedLine l) =>
        new(l.VatRateBasisPoints, l.ThirdPartyFunds && l.ProviderName is not null ? BookingBilling.ProviderKey(l.ProviderId, l.ProviderName) : null, l.FileFee, l.TouristTax);

    /// <summary>The services' lines the final invoice carries (the snapshot taken when it was issued; the current price for a booking
    /// invoiced before the snapshot existed).</summary>
    internal static IReadOnlyList<PricedLine> FinalServiceLines(GroupBookingState s) =>
        s.FinalInvoiceLines ?? [.. s.Price.Lines.Where(l => l.Quantity > 0 && l.UnitPriceTtc != 0)];

    /// <summary>The price's service lines per part (discounts and revisions included).</summary>
    internal static Dictionary<Part, long> ServiceTotals(IEnumerable<PricedLine> lines) =>
        lines.GroupBy(PartOf).ToDictionary(g => g.Key, g => g.Sum(l => l.Total));

    /// <summary><paramref name="amount"/> spread over the parts in proportion to <paramref name="weights"/> (largest remainder: the
    /// parts add up to the amount, to the cent; ties go to the larger weight, then the part's order).</summary>
    internal static Dictionary<Part, long> Allocate(long amount, IReadOnlyDictionary<Part, long> weights)
    {
        var positive = weights.Where(w => w.Value > 0).OrderByDescending(w => w.Value).ThenBy(w => w.Key.Rate).ThenBy(w => w.Key.Provider, StringComparer.Ordinal).ToList();
        var total = positive.Sum(w => w.Value);
        var result = weights.Keys.ToDictionary(k => k, _ => 0L);
        if (amount <= 0 || total <= 0)
        {
            return result;
        }

        amount = Math.Min(amount, total);
        var remainders = new List<(Part Part, long Remainder, int Order)>();
        long given = 0;
        for (var i = 0; i < positive.Count; i++)
        {
            var (part, weight) = (positive[i].Key, positive[i].Value);
            var product = checked((decimal)amount * weight);
            var share = (long)decimal.Floor(product / total);
            result[part] = share;
            given += share;
            remainders.Add((part, (long)(product - (decimal)share * total), i));
        }

        foreach (var r in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Order).Take((int)(amount - given)))
        {
            result[r.Part]++;
        }

        return result;
    }

    /// <summary>What the services performed before a force majeure weigh per part: the lines dated on or before
    /// <paramref name="performedThrough"/>, the part's undated lines (subscriber discount, price revision) in proportion.</summary>
    internal static Dictionary<Part, long> Performed(IReadOnlyList<PricedLine> lines, DateOnly performedThrough)
    {
        var result = new Dictionary<Part, long>();
        foreach (var group in lines.GroupBy(PartOf))
        {
            var dated = group.Where(l => l.Date is not null).Sum(l => l.Total);
            var done = group.Where(l => l.Date is { } d && d <= performedThrough).Sum(l => l.Total);
            var total = group.Sum(l => l.Total);
            result[group.Key] = dated == 0 ? 0 : (long)Math.Round((decimal)done * total / dated, MidpointRounding.AwayFromZero);
        }

        return result;
    }

    /// <summary>One of the booking's invoices as issued: its lines per part (what it carries for each VAT rate and provider).</summary>
    internal sealed record Invoiced(string InvoiceId, string InvoiceNumber, IReadOnlyDictionary<Part, long> Parts);

    /// <summary>The group booking's invoices, in the order they are credited (the final invoice first, then the deposit invoice): the
    /// deposit invoice as signed; the final invoice's services as issued minus the deposit it deducts. Empty before the deposit invoice.</summary>
    internal static IReadOnlyList<Invoiced> InvoicesOf(GroupBookingState s)
    {
        if (s.DepositInvoiceId is null)
        {
            return [];
        }

        var deposit = s.DepositLines.GroupBy(PartOf).ToDictionary(g => g.Key, g => g.Sum(l => l.Total));
        var result = new List<Invoiced>();
        if (s.FinalInvoiceId is not null)
        {
            var final = new Dictionary<Part, long>();
            foreach (var (part, total) in ServiceTotals(FinalServiceLines(s)))
            {
                final[part] = total - deposit.GetValueOrDefault(part);
            }

            result.Add(new Invoiced(s.FinalInvoiceId, s.FinalInvoiceNumber ?? string.Empty, final));
        }

        result.Add(new Invoiced(s.DepositInvoiceId, s.DepositInvoiceNumber ?? string.Empty, deposit));
        return result;
    }

    /// <summary>The credit notes that leave invoiced exactly what the booking keeps (<paramref name="kept"/> per part), never below 0 and
    /// never more than an invoice carries for a part. Empty when nothing is to be credited (everything kept, or not yet invoiced).</summary>
    internal static IReadOnlyList<InvoiceCredit> Credits(GroupBookingState s, IReadOnlyDictionary<Part, long> kept, string label) =>
        Credits(InvoicesOf(s), [.. s.DepositLines, .. FinalServiceLines(s)], kept, label);

    /// <summary>The credit notes over <paramref name="invoices"/> (in the order they are credited): per part, what the invoices carry
    /// beyond what is kept, taken from the first invoice first, never more than an invoice carries for the part.
    /// <paramref name="samples"/>: lines naming each part's provider (name, SIREN).</summary>
    internal static IReadOnlyList<InvoiceCredit> Credits(IReadOnlyList<Invoiced> invoices, IReadOnlyList<PricedLine> samples, IReadOnlyDictionary<Part, long> kept,
        string label)
    {
        var perInvoice = invoices.Select(_ => new List<PricedLine>()).ToList();
        foreach (var part in Ordered(invoices.SelectMany(i => i.Parts.Keys)))
        {
            var carried = invoices.Select(i => Math.Max(0, i.Parts.GetValueOrDefault(part))).ToList();
            var credit = Math.Max(0, carried.Sum() - kept.GetValueOrDefault(part));
            var sample = samples.First(l => PartOf(l) == part);
            for (var i = 0; i < invoices.Count && credit > 0; i++)
            {
                var share = Math.Min(credit, carried[i]);
                if (share > 0)
                {
                    perInvoice[i].Add(Line(part, sample, share, label));
                    credit -= share;
                }
            }
        }

        return [.. invoices.Select((inv, i) => new InvoiceCredit(inv.InvoiceId, inv.InvoiceNumber, perInvoice[i])).Where(c => c.Lines.Count > 0)];
    }

    /// <summary>What the booking keeps beyond what its invoices carry, per part (a Zonza fee of 50 % when only the 25 % deposit was
    /// invoiced): the lines of the supplementary "frais d'annulation" invoice, each at its part's VAT rate and provider, so that what stays
    /// invoiced is exactly <paramref name="kept"/> per part, as the credit notes make it where the invoices carry more. Empty when the
    /// invoices cover what is kept, or when the booking was never invoiced (no invoice to complete: the reactor has not issued it yet).</summary>
    internal static IReadOnlyList<PricedLine> FeeInvoiceLines(IReadOnlyList<Invoiced> invoices, IReadOnlyList<PricedLine> samples,
        IReadOnlyDictionary<Part, long> kept, string label)
    {
        if (invoices.Count == 0)
        {
            return [];
        }

        var result = new List<PricedLine>();
        foreach (var part in Ordered(kept.Keys))
        {
            var carried = invoices.Sum(i => Math.Max(0, i.Parts.GetValueOrDefault(part)));
            var owed = kept[part] - carried;
            if (owed > 0)
            {
                result.Add(Line(part, samples.First(l => PartOf(l) == part), owed, label));
            }
        }

        return result;
    }

    private static IEnumerable<Part> Ordered(IEnumerable<Part> parts) =>
        parts.Distinct().OrderByDescending(p => p.Rate).ThenBy(p => p.FileFee).ThenBy(p => p.TouristTax).ThenBy(p => p.Provider, StringComparer.Ordinal);

    private static PricedLine Line(Part part, PricedLine sample, long amount, string label) => part switch
    {
        { TouristTax: true } => new PricedLine($"{label} — taxe de séjour", null, 1, amount, part.Rate, null, false, TouristTax: true),
        { FileFee: true } => new PricedLine($"{label} — frais de dossier", null, 1, amount, part.Rate, null, false, FileFee: true),
        { Provider: null } => new PricedLine($"{label} — TVA {part.Rate / 100m:0.##} %", null, 1, amount, part.Rate, null, false),
        _ => new PricedLine(label, null, 1, amount, part.Rate, sample.ProviderName, true, ProviderId: part.Provider, ProviderSiren: sample.ProviderSiren),
    };
}
