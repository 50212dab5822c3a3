using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Pdf;

namespace Monolith.Modules.Billing.Numbering;

internal sealed record InvoiceEmailed(string Outcome, string MessageId);

/// <summary>POST <c>/api/billing/invoices/{invoiceId}/email</c> (staff): e-mails the invoice with its PDF attached, once per invoice.</summary>
internal static class EmailInvoiceEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapPost("/invoices/{invoiceId}/email", HandleAsync).RequireAuthorization(PlatformPolicies.OfficeStaff).WithName("EmailInvoice")
            .WithSummary("E-mails the invoice to the customer with its PDF attached (once per invoice).");

    internal static async Task<Ok<InvoiceEmailed>> HandleAsync(string invoiceId, ICallerContext caller, InvoiceMailer mailer, CancellationToken ct)
    {
        var result = await mailer.SendInvoiceAsync(caller.TenantId, invoiceId, ct);
        return TypedResults.Ok(new InvoiceEmailed(result.Outcome.ToString(), result.MessageId));
    }
}

/// <summary>E-mails an invoice to its customer with the PDF attached (the HTML when chromium is absent), once per invoice.</summary>
internal sealed class InvoiceMailer(NumberedDocuments documents, PaymentRequests payments, IDocumentRenderer renderer, ChromiumPdfPrinter pdf, INotifier notifier)
{
    public static string SentKey(string invoiceId) => $"billing/invoice-{invoiceId}/sent";

    public async Task<NotificationResult> SendInvoiceAsync(string officeId, string invoiceId, CancellationToken ct = default)
    {
        var invoice = await documents.LoadInvoiceAsync(officeId, invoiceId, ct) ?? throw new NotFoundException("Invoice not found.");
        var email = RequireEmail(invoice);
        var balance = (await payments.GetAsync(officeId, invoiceId, ct))?.Amount;
        var model = DocumentModels.Invoice(invoice, balance);
        var html = await renderer.RenderOfficeDocumentAsync(officeId, "billing.invoice", model, ct);
        EmailAttachment attachment = pdf.IsAvailable
            ? new(DocumentFileNames.Invoice(invoice.Number), "application/pdf", EInvoicing.BusinessPdf.ForInvoice(invoice, await pdf.PrintAsync(html, ct)))
            : new(DocumentFileNames.Invoice(invoice.Number, "html"), "text/html", Encoding.UTF8.GetBytes(html));
        return await notifier.SendAsync(new NotificationRequest(officeId, SentKey(invoiceId), "billing.invoice-email", model, [email], [attachment]), ct);
    }

    internal static string RequireEmail(InvoiceIssued invoice) =>
        string.IsNullOrWhiteSpace(invoice.Customer.Email) || invoice.Customer.Email == BuildingBlocks.EventStore.Privacy.PersonalData.ErasedText
            ? throw new DomainRuleViolation("billing.customer-email-missing", $"Le client de la facture {invoice.Number} n'a pas d'adresse e-mail.")
            : invoice.Customer.Email;
}

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
