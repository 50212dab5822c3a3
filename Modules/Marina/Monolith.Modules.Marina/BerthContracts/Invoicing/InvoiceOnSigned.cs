using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Marina.Holders.Invoicing;

namespace Monolith.Modules.Marina.BerthContracts.Invoicing;

/// <summary>A signed contract is invoiced through billing ("Facture de contrat Annuel", one line per price line) and the invoice is
/// attached to the contract. At-least-once and idempotent: billing returns the same invoice for the same source reference
/// (<c>contract/{id}</c>) and the attachment's event ids derive from the signature event's id. A broken rule (the office has no legal
/// identity yet, so billing cannot invoice) is logged; the renewal job retries contracts signed without an invoice.</summary>
internal sealed partial class InvoiceOnSigned(ILogger<InvoiceOnSigned> logger) : IReactor
{
    public string Name => "marina.invoice-signed-contracts";

    public bool Handles(string eventType) => eventType is "marina.contract-signed" or "marina.contract-tacitly-renewed";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct)
    {
        var contractId = await scopedServices.GetRequiredService<IEventDecoder>().DecodeAsync(e, ct) switch
        {
            ContractSigned s => s.ContractId,
            ContractTacitlyRenewed t => t.ContractId,
            _ => null,
        };
        if (contractId is null)
        {
            return;
        }

        try
        {
            await InvoiceAsync(scopedServices, e.Metadata.TenantId, contractId, e.EventId, ct);
        }
        catch (Exception ex) when (ex is DomainRuleViolation or NotFoundException)
        {
            LogRefused(logger, contractId, ex.Message);
        }
    }

    public static async Task InvoiceAsync(IServiceProvider services, string officeId, string contractId, Guid cause, CancellationToken ct)
    {
        var handler = services.GetRequiredService<CommandHandler>();
        var billing = services.GetRequiredService<HolderBilling>();
        var time = services.GetRequiredService<TimeProvider>();
        var contract = (await handler.LoadAsync(BerthContract.For(officeId), BerthContract.StreamId(contractId), officeId, mustExist: true, ct)).State;
        if (contract.InvoiceId is not null)
        {
            return;
        }

        var holder = await billing.LoadHolderAsync(officeId, contract.HolderId, ct);
        var invoice = await billing.IssueAsync(officeId, holder, $"contract/{contractId}", HolderBilling.ContractLabel,
            [.. contract.Terms!.Lines.Select(l => HolderBilling.Line(l.Label, l.Quantity, l.UnitPriceTtc, l.VatBasisPoints))], ct);
        await handler.HandleAsync(BerthContract.For(officeId), BerthContract.StreamId(contractId), new AttachContractInvoice(invoice, time.GetUtcNow()),
            CommandContexts.ForSystem(officeId, "marina", cause, DeterministicGuid.Create(cause, "invoice-attached")), CommandOptions.ExistingStream, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signed contract {ContractId} not invoiced yet: {Reason}")]
    private static partial void LogRefused(ILogger logger, string contractId, string reason);
}
