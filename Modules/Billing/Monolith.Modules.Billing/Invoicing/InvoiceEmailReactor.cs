using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Documents;

namespace Monolith.Modules.Billing.Invoicing;

/// <summary>An invoice issued with <c>EmailToCustomer</c> is e-mailed with its PDF attached through <see cref="InvoiceMailer"/>, after
/// the append (so the number is never held by the mail server): at-least-once, and the mailer's business key
/// <c>billing/invoice-{id}/sent</c> makes it once. A customer without an address (or erased since) is logged and skipped.</summary>
internal sealed class InvoiceEmailReactor(ILogger<InvoiceEmailReactor> logger) : IReactor
{
    public string Name => "billing.invoice-email";

    public bool Handles(string eventType) => eventType == "billing.invoice-issued";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct)
    {
        var decoded = await scopedServices.GetRequiredService<EventSerializer>().DeserializeAsync(e, ct);
        if (decoded.Event is not InvoiceIssued { EmailToCustomer: true } invoice)
        {
            return;
        }

        try
        {
            var result = await scopedServices.GetRequiredService<InvoiceMailer>().SendInvoiceAsync(e.Metadata.TenantId, invoice.InvoiceId, ct);
            if (result.Outcome == NotificationOutcome.Failed)
            {
                // Retried by the reactor runner; the business key keeps it to one e-mail.
                throw new InvalidOperationException($"Invoice {invoice.Number} could not be e-mailed: {result.Error}");
            }
        }
        catch (DomainRuleViolation rule)
        {
            logger.LogWarning("Invoice {InvoiceId} of office {OfficeId} was not e-mailed: {Reason}", invoice.InvoiceId, e.Metadata.TenantId, rule.Message);
        }
    }
}
