using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.Accounts;

/// <summary>Use case "pay this invoice" (a selling module's counter: a cheque, a transfer): the account decider allocates the payment to
/// the invoice up to its balance and keeps the rest as customer credit; the answer says whether the invoice is settled, by the same
/// rule that publishes <c>InvoiceSettled</c> (<see cref="CustomerAccountState.IsSettled"/>).</summary>
internal sealed class PayInvoice(CommandHandler handler, NumberedDocuments documents, TimeProvider time)
{
    public async Task<InvoicePaymentRecorded> HandleAsync(string officeId, PayInvoiceRequest request, CancellationToken ct)
    {
        var invoice = InvoiceFacts.From(await documents.LoadInvoiceAsync(officeId, request.InvoiceId, ct)
            ?? throw new NotFoundException($"Invoice '{request.InvoiceId}' not found."));
        var result = await handler.HandleAsync(
            CustomerAccount.For(invoice.CustomerId),
            CustomerAccount.StreamId(officeId, invoice.CustomerId),
            new RecordInvoicePayment(request.PaymentId, request.Details, request.Amount, request.ReceivedOn, invoice, time.GetUtcNow()),
            CommandContexts.ForSystem(officeId, "billing"),
            ct: ct);
        var allocated = result.NewEvents.OfType<PaymentAllocated>().Where(a => a.InvoiceId == invoice.InvoiceId).Sum(a => a.Amount);
        return new InvoicePaymentRecorded(invoice.InvoiceId, allocated, Math.Max(0, result.State.BalanceOf(invoice)), result.State.IsSettled(invoice));
    }
}
