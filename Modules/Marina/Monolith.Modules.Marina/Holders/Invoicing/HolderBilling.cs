using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Modules.Marina.Holders.Invoicing;

/// <summary>Issues a holder's invoices through billing (the holder id is their customer id and data subject) and reads their account.</summary>
internal sealed class HolderBilling(IBillingService billing, CommandHandler handler)
{
    public const string SourceModule = "marina";
    public const string ContractLabel = "Facture de contrat Annuel";
    public const string ServiceLabel = "Facture de prestation";

    public async Task<HolderState> LoadHolderAsync(string officeId, string holderId, CancellationToken ct) =>
        (await handler.LoadAsync(Holder.Decider, Holder.StreamId(holderId), officeId, mustExist: true, ct)).State;

    public async Task<MarinaInvoice> IssueAsync(
        string officeId, HolderState holder, string sourceReference, string label, IReadOnlyList<InvoiceLineRequest> lines, CancellationToken ct)
    {
        var address = holder.Address ?? throw new DomainRuleViolation("holder.address-missing", "L'adresse du plaisancier est nécessaire pour le facturer.");
        var customer = new BillingCustomer(
            holder.HolderId!, CustomerKind.Consumer, holder.Name, new BillingAddress(address.Street, address.PostalCode, address.City), holder.Email,
            DataSubjectId: holder.HolderId);
        var issued = await billing.IssueInvoiceAsync(
            officeId, new IssueInvoiceRequest(SourceModule, sourceReference, customer, lines, label, EmailToCustomer: holder.Email is not null), ct);
        return new MarinaInvoice(issued.InvoiceId, issued.Number, label, issued.IssueDate, issued.DueDate, issued.TotalTtc);
    }

    public static InvoiceLineRequest Line(string label, int quantity, long unitPriceTtc, int vatBasisPoints) =>
        new(label, quantity, unitPriceTtc, VatRate.Of(vatBasisPoints));
}
