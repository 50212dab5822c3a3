using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Billing.Numbering;

/// <summary>POST <c>/api/billing/credit-notes/{documentId}/email</c> (staff): e-mails the credit note to the customer with its PDF
/// attached (the HTML when chromium is absent), once per credit note.</summary>
internal static class EmailCreditNoteEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapPost("/credit-notes/{documentId}/email", HandleAsync).RequireAuthorization(PlatformPolicies.OfficeStaff)
            .WithName("EmailCreditNote").WithSummary("E-mails the credit note to the customer with its PDF attached (once per credit note).");

    internal static async Task<Ok<InvoiceEmailed>> HandleAsync(string documentId, ICallerContext caller, CreditNoteMailer mailer, CancellationToken ct)
    {
        var result = await mailer.SendAsync(caller.TenantId, documentId, ct);
        return TypedResults.Ok(new InvoiceEmailed(result.Outcome.ToString(), result.MessageId));
    }
}

/// <summary>E-mails a credit note to its customer (the same template as invoices, worded for a credit note), once per credit note.</summary>
internal sealed class CreditNoteMailer(NumberedDocuments documents, IDocumentRenderer renderer, IPdfPrinter pdf, INotifier notifier)
{
    public static string SentKey(string documentId) => $"billing/credit-note-{documentId}/sent";

    public async Task<NotificationResult> SendAsync(string officeId, string documentId, CancellationToken ct = default)
    {
        var note = await documents.LoadCreditNoteAsync(officeId, documentId, ct) ?? throw new NotFoundException("Credit note not found.");
        var email = string.IsNullOrWhiteSpace(note.Customer.Email) || note.Customer.Email == BuildingBlocks.EventStore.Privacy.PersonalData.ErasedText
            ? throw new DomainRuleViolation("billing.customer-email-missing", $"Le client de l'avoir {note.Number} n'a pas d'adresse e-mail.")
            : note.Customer.Email;
        var model = DocumentModels.CreditNote(note);
        var html = await renderer.RenderOfficeDocumentAsync(officeId, "billing.credit-note", model, ct);
        EmailAttachment attachment = pdf.IsAvailable
            ? new(DocumentFileNames.CreditNote(note.Number), "application/pdf", EInvoicing.BusinessPdf.ForCreditNote(note, await pdf.PrintAsync(html, ct)))
            : new(DocumentFileNames.CreditNote(note.Number, "html"), "text/html", Encoding.UTF8.GetBytes(html));
        return await notifier.SendAsync(new NotificationRequest(officeId, SentKey(documentId), "billing.invoice-email", model, [email], [attachment]), ct);
    }
}
