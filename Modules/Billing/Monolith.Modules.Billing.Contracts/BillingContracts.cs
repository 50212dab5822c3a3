using Monolith.BuildingBlocks.Money;

namespace Monolith.Modules.Billing.Contracts;

/// <summary>A business customer gets its VAT number and the €40 recovery indemnity on its invoices; a consumer's name, address and
/// e-mail are personal data (encrypted under its data-subject key, erasable).</summary>
public enum CustomerKind
{
    Consumer,
    Business,
}

public sealed record BillingAddress(string Street, string PostalCode, string City, string Country = "France");

/// <summary>The customer as printed on an invoice. <paramref name="CustomerId"/> keys the customer account; <paramref name="DataSubjectId"/>
/// keys the encryption of a consumer's personal fields (defaults to the customer id).</summary>
public sealed record BillingCustomer(
    string CustomerId,
    CustomerKind Kind,
    string Name,
    BillingAddress Address,
    string? Email = null,
    string? VatNumber = null,
    string? Siren = null,
    string? DataSubjectId = null);

/// <summary>A line to invoice: quantity × unit price TTC at a VAT rate. A discount is its own line with a negative unit price at the rate
/// of what it discounts (e.g. "Remise fidélité", 1 × −20,00 € at 20 %).</summary>
/// <remarks><paramref name="OnBehalfOf"/>: the line sells a partner provider's service in the provider's name (the office is its agent): the money
/// is third-party funds, owed to the provider, never the office's revenue (own ledger account, FEC, payout statement per provider).
/// Such a line is a débours of a transparent intermediary (CGI art. 267 II 2°, ADR 0022): the office charges no VAT on it, so its
/// <paramref name="VatRate"/> is not applied (the provider accounts for its own VAT). A credit note crediting it names the same provider.</remarks>
public sealed record InvoiceLineRequest(
    string Label,
    int Quantity,
    long UnitPriceTtc,
    VatRate VatRate,
    DateOnly? ServiceDate = null,
    ThirdPartyProvider? OnBehalfOf = null);

/// <summary>A partner provider (guided-visit company, restaurant, show organiser...) for whom the office collects money as its agent.
/// <paramref name="ProviderId"/> is stable per office (the selling module's provider id); <paramref name="Siren"/> when known.</summary>
public sealed record ThirdPartyProvider(string ProviderId, string Name, string? Siren = null);

/// <summary>What a selling module asks billing to invoice. Issuing twice for the same (SourceModule, SourceReference) returns the
/// same invoice and issues nothing new. <paramref name="PaymentTermDays"/>: null = the office's setting (default 30), 0 = "à réception".
/// <paramref name="EmailToCustomer"/>: once issued, the invoice is e-mailed to the customer's address with its PDF attached (once per
/// invoice; the customer must have an e-mail address).</summary>
public sealed record IssueInvoiceRequest(
    string SourceModule,
    string SourceReference,
    BillingCustomer Customer,
    IReadOnlyList<InvoiceLineRequest> Lines,
    string? Label = null,
    int? PaymentTermDays = null,
    bool EmailToCustomer = false);

public sealed record IssuedInvoice(
    string InvoiceId,
    string Number,
    DateOnly IssueDate,
    DateOnly DueDate,
    long TotalHt,
    long TotalVat,
    long TotalTtc,
    bool AlreadyIssued) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

public enum PaymentMethod
{
    /// <summary>Through the payment provider's hosted page: only the provider's reference is kept, never card data.</summary>
    Card,
    Cheque,
    BankTransfer,
    SepaDirectDebit,
    /// <summary>Cash at the counter.</summary>
    Cash,
}

/// <summary>How a payment was made. Card: <paramref name="ProviderReference"/> (and at most the last 4 digits); cheque: number and bank;
/// transfer: its reference; SEPA: the mandate reference (RUM).</summary>
public sealed record PaymentDetails(
    PaymentMethod Method,
    string? ProviderReference = null,
    string? CardLast4 = null,
    string? ChequeNumber = null,
    string? Bank = null,
    string? TransferReference = null,
    string? MandateReference = null);

public sealed record PaymentAllocationRequest(string InvoiceId, long Amount);

/// <summary>A payment from a customer. <paramref name="ReceivedOn"/> null = pending (a card payment not yet confirmed by the provider):
/// it does not count until received. The part not allocated stays on the account as customer credit.</summary>
public sealed record RecordPaymentRequest(
    string PaymentId,
    string CustomerId,
    PaymentDetails Details,
    long Amount,
    DateOnly? ReceivedOn,
    IReadOnlyList<PaymentAllocationRequest> Allocations);

/// <summary>One invoice on the customer account, as the marina portal shows it.</summary>
public sealed record CustomerAccountInvoice(
    string InvoiceId,
    string Number,
    DateOnly IssueDate,
    DateOnly DueDate,
    string Label,
    long TotalTtc,
    long Paid,
    long Balance);

/// <summary>Customer credit still usable (an overpayment, or a credit note kept as credit until <paramref name="ExpiresOn"/>).</summary>
public sealed record AvailableCredit(string SourceId, string Kind, long Remaining, DateOnly? ExpiresOn);

/// <summary>The customer account: every invoice with paid and balance; totals of invoices, credit notes, payments received and refunds;
/// <paramref name="Balance"/> = invoices − credit notes − payments + refunds (positive: the customer owes).</summary>
public sealed record CustomerAccountView(
    string CustomerId,
    IReadOnlyList<CustomerAccountInvoice> Invoices,
    long TotalInvoices,
    long TotalCreditNotes,
    long TotalPayments,
    long TotalRefunds,
    long Balance,
    IReadOnlyList<AvailableCredit> Credits) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

/// <summary>What a payment page needs to pay one invoice: the invoice number as reference and its balance as amount.</summary>
public sealed record InvoicePaymentRequest(string InvoiceId, string Reference, long Amount);

/// <summary>Billing's public contract: selling modules issue invoices and record payments through it (from an endpoint or a reactor).
/// <c>officeId</c> is the tenant: pass the caller's tenant, or the tenant of the event a reactor handles.</summary>
public interface IBillingService
{
    /// <summary>Issues an invoice with the next number of the office's series; the same (SourceModule, SourceReference) returns the
    /// invoice already issued (<see cref="IssuedInvoice.AlreadyIssued"/>).</summary>
    Task<IssuedInvoice> IssueInvoiceAsync(string officeId, IssueInvoiceRequest request, CancellationToken ct = default);

    /// <summary>Records a payment (and its allocations); the same payment id recorded again changes nothing.</summary>
    Task RecordPaymentAsync(string officeId, RecordPaymentRequest request, CancellationToken ct = default);

    Task<CustomerAccountView> GetCustomerAccountAsync(string officeId, string customerId, CancellationToken ct = default);

    /// <summary>"Pay this invoice": the invoice number as reference and its balance as amount; null when the invoice does not exist.</summary>
    Task<InvoicePaymentRequest?> GetPaymentRequestAsync(string officeId, string invoiceId, CancellationToken ct = default);

    /// <summary>"Pay this invoice" for one customer, read from the log (an invoice issued a moment ago is there before any read model has
    /// it): null when the invoice does not exist or is not on <paramref name="customerId"/>'s account. For a command that must check the
    /// invoice is the customer's before taking their money.</summary>
    Task<InvoicePaymentRequest?> GetCustomerPaymentRequestAsync(string officeId, string customerId, string invoiceId, CancellationToken ct = default) =>
        throw new NotSupportedException("Customer payment requests are provided by the Billing module's own IBillingService.");

    /// <summary>A pending payment is received on <paramref name="receivedOn"/> (a SEPA debit on its collection date) and allocated;
    /// settling it again changes nothing.</summary>
    Task SettlePaymentAsync(
        string officeId, string customerId, string paymentId, DateOnly receivedOn, IReadOnlyList<PaymentAllocationRequest> allocations, CancellationToken ct = default) =>
        throw new NotSupportedException("Settling pending payments is provided by the Billing module's own IBillingService.");

    /// <summary>A pending payment failed (a SEPA debit rejected before its collection date): it never counts.</summary>
    Task FailPaymentAsync(string officeId, string customerId, string paymentId, string reason, CancellationToken ct = default) =>
        throw new NotSupportedException("Failing pending payments is provided by the Billing module's own IBillingService.");

    /// <summary>A received payment came back (a SEPA debit returned after its collection date): what it paid on each invoice is open
    /// again (the balance reopens) and its unallocated part is no longer customer credit. Returning it again changes nothing.</summary>
    Task ReturnPaymentAsync(string officeId, string customerId, string paymentId, string reason, DateOnly returnedOn, CancellationToken ct = default) =>
        throw new NotSupportedException("Returning payments is provided by the Billing module's own IBillingService.");

    /// <summary>Starts a card payment of the invoice's balance on the payment provider's hosted page: records a pending card payment
    /// (it counts only once the provider confirms it) and returns the page to redirect the customer to. The provider sends the
    /// customer back to <paramref name="returnUrl"/> (a path of this site, or an allowed host) with <c>paymentReference</c> and
    /// <c>status</c> in the query. Card data never reaches us: only the provider's reference and at most the last 4 digits are kept.</summary>
    Task<CardPaymentStarted> StartCardPaymentAsync(string officeId, string invoiceId, string returnUrl, CancellationToken ct = default) =>
        throw new NotSupportedException("Card payments are provided by the Billing module's own IBillingService.");

    /// <summary>Records a payment for one invoice (a cheque or a transfer taken at the counter): allocated to the invoice up to its
    /// balance, the rest kept as customer credit; the same payment id recorded again changes nothing. Tells whether the invoice is now
    /// settled (billing's one definition of "paid", also published as <c>InvoiceSettled</c>).</summary>
    Task<InvoicePaymentRecorded> PayInvoiceAsync(string officeId, PayInvoiceRequest request, CancellationToken ct = default) =>
        throw new NotSupportedException("Invoice payments are provided by the Billing module's own IBillingService.");

    /// <summary>Where a card payment stands (pending, received, failed), by the provider's reference; null when unknown in this office.</summary>
    Task<CardPaymentView?> GetCardPaymentAsync(string officeId, string providerReference, CancellationToken ct = default) =>
        throw new NotSupportedException("Card payments are provided by the Billing module's own IBillingService.");
}

/// <summary>A card payment started: send the customer to <paramref name="RedirectUrl"/> (the provider's page).</summary>
public sealed record CardPaymentStarted(string PaymentId, string ProviderReference, string RedirectUrl, string InvoiceId, string InvoiceNumber, long Amount) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

public enum CardPaymentStatus
{
    Pending,
    Received,
    Failed,
}

/// <summary>A card payment as billing knows it: the provider's reference, at most the card's last 4 digits, never card data.</summary>
public sealed record CardPaymentView(
    string PaymentId,
    string ProviderReference,
    string CustomerId,
    string InvoiceId,
    string InvoiceNumber,
    long Amount,
    CardPaymentStatus Status,
    string? CardLast4,
    string? FailureReason) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

/// <summary>A payment for one invoice; <paramref name="ReceivedOn"/> is the date the money was received.</summary>
public sealed record PayInvoiceRequest(string PaymentId, string InvoiceId, PaymentDetails Details, long Amount, DateOnly ReceivedOn);

/// <summary>What a payment did to its invoice: the part allocated to it, the balance left and whether it is settled (paid).</summary>
public sealed record InvoicePaymentRecorded(string InvoiceId, long Allocated, long Balance, bool Settled);
