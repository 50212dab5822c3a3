namespace Monolith.Modules.Billing.Contracts;

/// <summary>The commercial documents other than invoices and credit notes. They are <b>not</b> accounting documents: billing does not
/// number them, store them or put them on the customer account; the selling module that produces one owns its reference.</summary>
public enum BillingDocumentKind
{
    /// <summary>Devis: a priced offer with a validity date, an optional deposit and a "Bon pour accord" signature block.</summary>
    Quote,

    /// <summary>Bon de commande: what the customer ordered, at which prices.</summary>
    OrderForm,

    /// <summary>Bon de livraison: what was delivered (or the service performed), with quantities.</summary>
    DeliveryNote,
}

/// <summary>A commercial document to render. Totals and VAT per rate are computed exactly like an invoice's (BuildingBlocks/Money);
/// the seller's legal identity comes from the office's settings.</summary>
/// <param name="Kind">Which document (the staff endpoint takes it from the URL).</param>
/// <param name="Reference">The selling module's number or reference for it, printed as "Devis n° …" (e.g. <c>DEV-2026-0042</c>).</param>
/// <param name="Date">The document's date.</param>
/// <param name="Customer">The customer as printed.</param>
/// <param name="Lines">Quantity × unit price TTC at a VAT rate (a discount is a line with a negative unit price).</param>
/// <param name="SourceModule">The module that produces it (<c>bookings</c>, <c>membership</c>...).</param>
/// <param name="SourceReference">That module's reference of the business record (booking, order...).</param>
/// <param name="Label">An optional object line ("Séjour groupe du 12 au 14 juin").</param>
/// <param name="ValidUntil">Quote: last day of validity; null = the date + the office's setting <c>billing.quote-validity-days</c>
/// (default 30).</param>
/// <param name="Deposit">Quote or order form: the deposit (acompte) asked, in cents TTC; at most the total.</param>
/// <param name="SignatureBlock">Quote: print the "Bon pour accord" block (date and signature of the customer).</param>
/// <param name="RelatedReference">Another document it follows, printed as such (an order form's quote, a delivery note's order).</param>
/// <param name="DeliveryDate">Delivery note: the delivery (or service) date; null = <paramref name="Date"/>.</param>
/// <param name="Notes">Free text printed under the lines.</param>
public sealed record BillingDocumentRequest(
    BillingDocumentKind Kind,
    string Reference,
    DateOnly Date,
    BillingCustomer Customer,
    IReadOnlyList<InvoiceLineRequest> Lines,
    string SourceModule,
    string SourceReference,
    string? Label = null,
    DateOnly? ValidUntil = null,
    long? Deposit = null,
    bool SignatureBlock = true,
    string? RelatedReference = null,
    DateOnly? DeliveryDate = null,
    string? Notes = null);

/// <summary>A rendered document: the French HTML (a whole printable page) and the totals it shows.</summary>
public sealed record RenderedBillingDocument(
    BillingDocumentKind Kind,
    string Reference,
    string FileName,
    string Html,
    long TotalHt,
    long TotalVat,
    long TotalTtc,
    DateOnly? ValidUntil);

/// <summary>The document printed to PDF, or why it could not be (<see cref="UnavailableReason"/>: chromium is not installed on this
/// server); the HTML is always there.</summary>
public sealed record BillingDocumentPdf(RenderedBillingDocument Document, byte[]? Pdf, string? UnavailableReason)
{
    public bool IsAvailable => Pdf is not null;
}

/// <summary>Renders quotes, order forms and delivery notes for the selling modules (Bookings, Membership...). Nothing is stored or
/// numbered by billing. Broken rules (no line, validity before the date, deposit above the total...) are
/// <c>DomainRuleViolation</c>s; an unknown office is <c>NotFoundException</c>.</summary>
public interface IBillingDocuments
{
    /// <summary>The document as a French HTML page, with the seller identity, customer, lines, VAT per rate and totals.</summary>
    Task<RenderedBillingDocument> RenderHtmlAsync(string officeId, BillingDocumentRequest request, CancellationToken ct = default);

    /// <summary>The same printed to PDF by headless chromium; <see cref="BillingDocumentPdf.Pdf"/> is null with a clear reason when
    /// chromium is not installed.</summary>
    Task<BillingDocumentPdf> RenderPdfAsync(string officeId, BillingDocumentRequest request, CancellationToken ct = default);
}
