using System.Text;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Email;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Pdf;

namespace Monolith.Modules.Billing.Invoicing;

/// <summary>E-mails an invoice to its customer with the PDF attached (the HTML when chromium is absent), once per invoice.</summary>
internal sealed class InvoiceMailer(BillingService billing, IDocumentRenderer renderer, ChromiumPdfPrinter pdf, INotifier notifier)
{
    public static string SentKey(string invoiceId) => $"billing/invoice-{invoiceId}/sent";

    public async Task<NotificationResult> SendInvoiceAsync(string officeId, string invoiceId, CancellationToken ct = default)
    {
        var invoice = await billing.LoadInvoiceAsync(officeId, invoiceId, ct) ?? throw new NotFoundException("Invoice not found.");
        var email = RequireEmail(invoice);
        var balance = (await billing.GetPaymentRequestAsync(officeId, invoiceId, ct))?.Amount;
        var model = DocumentModels.Invoice(invoice, balance);
        var html = await renderer.RenderHtmlAsync("billing.invoice", model, ct);
        var fileName = $"facture-{invoice.Number.Replace('/', '-')}";
        EmailAttachment attachment = pdf.IsAvailable
            ? new($"{fileName}.pdf", "application/pdf", await pdf.PrintAsync(html, ct))
            : new($"{fileName}.html", "text/html", Encoding.UTF8.GetBytes(html));
        return await notifier.SendAsync(new NotificationRequest(officeId, SentKey(invoiceId), "billing.invoice-email", model, [email], [attachment]), ct);
    }

    internal static string RequireEmail(InvoiceIssued invoice) =>
        string.IsNullOrWhiteSpace(invoice.Customer.Email) || invoice.Customer.Email == BuildingBlocks.EventStore.Privacy.PersonalData.ErasedText
            ? throw new DomainRuleViolation("billing.customer-email-missing", $"Le client de la facture {invoice.Number} n'a pas d'adresse e-mail.")
            : invoice.Customer.Email;
}
