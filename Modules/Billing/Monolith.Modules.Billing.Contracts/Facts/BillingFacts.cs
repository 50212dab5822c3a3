using Monolith.BuildingBlocks.Facts;

namespace Monolith.Modules.Billing.Contracts.Facts;

// Billing's published facts. The office is the event's tenant (FactContext.TenantId). An invoice issued for a selling module carries
// that module's (SourceModule, SourceReference): a module reacts to the facts of its own invoices by filtering on SourceModule.

/// <summary>An invoice was issued (numbered in the office's continuous series).</summary>
public sealed record InvoiceIssued(
    string InvoiceId,
    string Number,
    string CustomerId,
    string SourceModule,
    string SourceReference,
    DateOnly IssueDate,
    DateOnly DueDate,
    long TotalTtc) : IIntegrationEvent
{
    public const string WireName = "billing.published-invoice-issued";
}

/// <summary>An invoice is settled: THE definition of "paid" for every module — its balance (total − payments and customer credit
/// allocated − credit notes offset) reached zero with money actually paid on it (an invoice cancelled wholly by a credit note is not
/// settled). Published once, by the command that brought the balance to zero. <paramref name="PaidOn"/>: the date the last payment
/// was received (or the credit used); null when the settling step has no business date (a later allocation or a credit note):
/// use the office calendar's date of <paramref name="SettledAt"/>.</summary>
public sealed record InvoiceSettled(
    string InvoiceId,
    string Number,
    string CustomerId,
    string SourceModule,
    string SourceReference,
    long TotalTtc,
    long Paid,
    DateOnly? PaidOn,
    DateTimeOffset SettledAt) : IIntegrationEvent
{
    public const string WireName = "billing.published-invoice-settled";
}

/// <summary>A payment was received on the customer account (a card payment once the provider confirmed it), before any allocation.</summary>
public sealed record PaymentReceived(
    string PaymentId,
    string CustomerId,
    PaymentMethod Method,
    long Amount,
    DateOnly ReceivedOn) : IIntegrationEvent
{
    public const string WireName = "billing.published-payment-received";
}

/// <summary>A credit note was issued against an invoice (numbered in the credit-note series).</summary>
public sealed record CreditNoteIssued(
    string CreditNoteId,
    string Number,
    string InvoiceId,
    string InvoiceNumber,
    string CustomerId,
    long TotalTtc,
    DateOnly IssueDate) : IIntegrationEvent
{
    public const string WireName = "billing.published-credit-note-issued";
}

/// <summary>An invoice is overdue: its due date passed (office calendar) with a balance left. Published once per invoice, by the daily
/// dunning run that records it.</summary>
public sealed record InvoiceOverdue(
    string InvoiceId,
    string Number,
    string CustomerId,
    string SourceModule,
    string SourceReference,
    DateOnly DueDate,
    long Balance,
    DateOnly On) : IIntegrationEvent
{
    public const string WireName = "billing.published-invoice-overdue";
}

/// <summary>Every fact Billing publishes (for <c>m.Publishes(BillingFacts.All)</c>).</summary>
public static class BillingFacts
{
    public static readonly Type[] All = [typeof(InvoiceIssued), typeof(InvoiceSettled), typeof(PaymentReceived), typeof(CreditNoteIssued), typeof(InvoiceOverdue)];
}
