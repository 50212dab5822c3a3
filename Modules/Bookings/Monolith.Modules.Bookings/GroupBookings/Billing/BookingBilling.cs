using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Bookings.Terms;

namespace Monolith.Modules.Bookings.GroupBookings.Billing;

/// <summary>The booking's money documents through billing's public contract: the deposit invoice (facture d'acompte: the deposit per
/// VAT rate + the file fees), the final invoice (the services for the charged party, minus the deposit already invoiced, per rate),
/// payments allocated to them. Each invoice is idempotent in billing by its source reference (<c>group-{id}/deposit</c>,
/// <c>group-{id}/final</c>).</summary>
internal sealed class BookingBilling(IBillingService billing, IBillingDocuments documents)
{
    public const string SourceModule = "bookings";

    public static string DepositReference(string bookingId) => $"group-{bookingId}/deposit";

    public static string FinalReference(string bookingId) => $"group-{bookingId}/final";

    /// <summary>The "frais d'annulation" invoice of a cancellation keeping more than was invoiced: one per booking (one cancellation).</summary>
    public static string CancellationFeeReference(string bookingId) => $"group-{bookingId}/cancellation-fee";

    /// <summary>Invoices the cancellation fee kept beyond what the booking's invoices carried (lines per VAT rate and provider, decided in
    /// the cancellation event), due at once, e-mailed by billing. Idempotent by its source reference.</summary>
    public Task<IssuedInvoice> IssueCancellationFeeInvoiceAsync(string officeId, string sourceReference, BookingCustomer customer, IReadOnlyList<PricedLine> lines,
        string label, CancellationToken ct) =>
        billing.IssueInvoiceAsync(officeId, new IssueInvoiceRequest(SourceModule, sourceReference, Customer(customer), [.. lines.Select(Line)], label, 0,
            EmailToCustomer: true), ct);

    /// <summary>Which booking and which invoice a billing source reference names (for the settlement reactor).</summary>
    public static bool TryParseSourceReference(string sourceReference, out string bookingId, out bool final)
    {
        bookingId = string.Empty;
        final = false;
        if (!sourceReference.StartsWith("group-", StringComparison.Ordinal))
        {
            return false;
        }

        var slash = sourceReference.LastIndexOf('/');
        if (slash < 0)
        {
            return false;
        }

        var kind = sourceReference[(slash + 1)..];
        bookingId = sourceReference["group-".Length..slash];
        final = kind == "final";
        return kind is "final" or "deposit" && bookingId.Length > 0;
    }

    public static BillingCustomer Customer(BookingCustomer c) => new(
        c.CustomerId, c.Business ? CustomerKind.Business : CustomerKind.Consumer, c.Name, new BillingAddress(c.Street, c.PostalCode, c.City, c.Country), c.Email,
        c.VatNumber, c.Siren);

    /// <summary>A priced line as billing invoices it. A partner's service sold as third-party funds carries the provider
    /// (<see cref="InvoiceLineRequest.OnBehalfOf"/>): billing keeps that money apart from the office's revenue.</summary>
    internal static InvoiceLineRequest Line(PricedLine l) =>
        new(l.ThirdPartyFunds && l.ProviderName is not null ? $"{l.Label} — pour le compte de {l.ProviderName}" : l.Label, l.Quantity, l.UnitPriceTtc,
            VatRate.Of(l.VatRateBasisPoints), l.Date, OnBehalfOf(l));

    internal static ThirdPartyProvider? OnBehalfOf(PricedLine l) => l.ThirdPartyFunds && l.ProviderName is not null
        ? new ThirdPartyProvider(ProviderKey(l.ProviderId, l.ProviderName), l.ProviderName, l.ProviderSiren)
        : null;

    /// <summary>The provider's stable id: the catalogue's provider id, else one derived from its name (a quote line typed by hand).</summary>
    internal static string ProviderKey(string? providerId, string providerName) =>
        !string.IsNullOrWhiteSpace(providerId) ? providerId.Trim()
            : "p-" + Monolith.BuildingBlocks.Deciders.DeterministicGuid.Create(Monolith.BuildingBlocks.Deciders.DeterministicGuid.PlatformNamespace,
                "bookings-provider/" + providerName.Trim().ToUpperInvariant()).ToString("N")[..12];

    public async Task<IssuedInvoice> IssueDepositInvoiceAsync(string officeId, GroupBookingState s, DateOnly today, CancellationToken ct)
    {
        var lines = s.DepositLines;
        return await billing.IssueInvoiceAsync(officeId, new IssueInvoiceRequest(
            SourceModule, DepositReference(s.BookingId!), Customer(s.Customer!), [.. lines.Select(Line)],
            $"Facture d'acompte — {s.Title} (devis n° {s.Reference})",
            Math.Max(0, (s.DepositDueOn ?? today).DayNumber - today.DayNumber),
            EmailToCustomer: true), ct);
    }

    /// <summary>The final invoice: every priced line for the charged party, minus the deposit's service part per VAT rate
    /// ("Acompte versé, facture n° …"); the file fees were invoiced with the deposit. Due at once (Zonza: the balance falls due with
    /// the final count) or on arrival (Pays Fertois).</summary>
    public async Task<IssuedInvoice> IssueFinalInvoiceAsync(string officeId, GroupBookingState s, DateOnly today, CancellationToken ct)
    {
        var price = s.Price;
        var lines = price.Lines.Where(l => l.Quantity > 0 && l.UnitPriceTtc != 0).Select(Line).ToList();
        // The deposit as invoiced at signing, service lines only (the file fees are not repeated on the final invoice).
        foreach (var deposit in s.DepositLines.Where(l => !l.FileFee))
        {
            var partner = OnBehalfOf(deposit);
            lines.Add(new InvoiceLineRequest(partner is null
                    ? $"Déduction de l'acompte versé (facture n° {s.DepositInvoiceNumber}) — TVA {deposit.VatRateBasisPoints / 100m:0.##} %"
                    : $"Déduction de l'acompte versé (facture n° {s.DepositInvoiceNumber}) — pour le compte de {partner.Name}", 1,
                -deposit.UnitPriceTtc, VatRate.Of(deposit.VatRateBasisPoints), OnBehalfOf: partner));
        }

        var term = s.Terms!.BalanceDue == BalanceDue.OnArrival ? Math.Max(0, s.Start.DayNumber - today.DayNumber) : 0;
        return await billing.IssueInvoiceAsync(officeId, new IssueInvoiceRequest(
            SourceModule, FinalReference(s.BookingId!), Customer(s.Customer!), lines,
            $"Facture — {s.Title} du {s.Start:dd/MM/yyyy} (devis n° {s.Reference})", term, EmailToCustomer: true), ct);
    }

    public Task RecordPaymentAsync(string officeId, string customerId, string paymentId, string invoiceId, long amount, PaymentDetails details, DateOnly receivedOn,
        long balance, CancellationToken ct) =>
        billing.RecordPaymentAsync(officeId, new RecordPaymentRequest(paymentId, customerId, details, amount, receivedOn,
            balance > 0 ? [new PaymentAllocationRequest(invoiceId, Math.Min(amount, balance))] : []), ct);

    /// <summary>The invoice's balance (0 when paid in full), null when billing does not know it.</summary>
    public async Task<long?> BalanceAsync(string officeId, string invoiceId, CancellationToken ct) =>
        (await billing.GetPaymentRequestAsync(officeId, invoiceId, ct))?.Amount;

    /// <summary>The quote (or the contract: the signed quote as an order form) as billing renders commercial documents.</summary>
    public Task<BillingDocumentPdf> QuoteDocumentAsync(string officeId, GroupBookingState s, bool contract, CancellationToken ct) =>
        documents.RenderPdfAsync(officeId, QuoteRequest(s, contract), ct);

    public Task<RenderedBillingDocument> QuoteHtmlAsync(string officeId, GroupBookingState s, bool contract, CancellationToken ct) =>
        documents.RenderHtmlAsync(officeId, QuoteRequest(s, contract), ct);

    private static BillingDocumentRequest QuoteRequest(GroupBookingState s, bool contract)
    {
        var price = s.Price;
        var lines = price.Lines.Where(l => l.Quantity > 0).Select(Line).ToList();
        if (price.FileFees > 0)
        {
            lines.Add(new InvoiceLineRequest("Frais de dossier (non remboursables)", 1, price.FileFees, VatRate.Of(2000)));
        }

        var t = s.Terms!;
        var notes = $"Groupe : {s.Party.Adults} adulte(s), {s.Party.Children} enfant(s){(price.FreePlaces > 0 ? $", dont {price.FreePlaces} gratuité(s)" : string.Empty)}. "
            + $"Ce devis ne vaut pas option et ne garantit aucune disponibilité. Il devient le contrat lorsqu'il est retourné signé, daté, avec la mention « bon pour accord », "
            + $"dans son délai de validité, accompagné de l'acompte de {t.DepositPercent} %. Conditions de vente, version {t.Version}.";
        return new BillingDocumentRequest(
            contract ? BillingDocumentKind.OrderForm : BillingDocumentKind.Quote,
            contract ? $"CTR-{s.BookingId!.ToUpperInvariant()}" : s.Reference,
            contract ? s.SignedOn ?? s.QuotedOn : s.QuotedOn,
            Customer(s.Customer!),
            lines,
            SourceModule,
            $"group-{s.BookingId}",
            contract ? $"Contrat de réservation — {s.Title} du {s.Start:dd/MM/yyyy} au {s.End:dd/MM/yyyy} (devis signé le {s.SignedOn:dd/MM/yyyy} par {s.SignedBy})"
                : $"{s.Title} du {s.Start:dd/MM/yyyy} au {s.End:dd/MM/yyyy}",
            contract ? null : s.ValidUntil,
            Pricing.DepositLines(price, t.DepositPercent, s.Title).Sum(l => l.Total),
            SignatureBlock: !contract,
            RelatedReference: contract ? s.Reference : null,
            Notes: notes);
    }
}
