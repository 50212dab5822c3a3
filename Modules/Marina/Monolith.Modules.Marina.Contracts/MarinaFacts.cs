using Monolith.BuildingBlocks.Facts;

namespace Monolith.Modules.Marina.Contracts;

// The facts of the Marina module other modules may react to (m.React<TFact, THandler>()). The Marina module appends each one from the
// decider that makes it true, in the same append as its own events. Wire names are stable: a change of shape is a new version with an
// upcaster, never a rename.

/// <summary>Every fact the Marina module publishes (registered with <c>m.Publishes</c>).</summary>
public static class MarinaFacts
{
    public static readonly Type[] All = [typeof(MarinaContractSigned), typeof(MarinaMandateLapsed), typeof(MarinaDirectDebitRejected)];
}

/// <summary>A berth holder accepted the third and last signature step of their annual contract. <paramref name="PdfSha256"/> is the
/// SHA-256 (hex) of the contract PDF they downloaded and declared they had read.</summary>
public sealed record MarinaContractSigned(
    string OfficeId, string ContractId, string HolderId, string BerthId, int Season, DateTimeOffset SignedAt, string PdfSha256) : IIntegrationEvent
{
    public const string WireName = "marina.published-contract-signed";
}

/// <summary>A SEPA mandate went unused for 36 months and lapsed: it can no longer be debited; the holder must sign a new one.</summary>
public sealed record MarinaMandateLapsed(string OfficeId, string MandateId, string MandateReference, string HolderId, DateOnly LastUsedOn, DateOnly LapsedOn) : IIntegrationEvent
{
    public const string WireName = "marina.published-mandate-lapsed";
}

/// <summary>A SEPA direct debit was rejected or returned by the bank (pain.002 status report, or entered by the office): the invoice's
/// balance is open again. <paramref name="ReasonCode"/> is the ISO 20022 reason (AC04, AM04, MD01...).</summary>
public sealed record MarinaDirectDebitRejected(
    string OfficeId, string DebitId, string HolderId, string InvoiceId, string InvoiceNumber, string MandateReference, long Amount,
    DateOnly CollectionDate, string ReasonCode, string Reason) : IIntegrationEvent
{
    public const string WireName = "marina.published-direct-debit-rejected";
}
