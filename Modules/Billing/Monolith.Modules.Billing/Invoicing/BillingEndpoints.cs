using System.Text;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Pdf;

namespace Monolith.Modules.Billing.Invoicing;

/// <summary>Billing API under <c>/api/billing</c>: invoices (issue, list, get, HTML, PDF, pay-this-invoice), payments (record, confirm,
/// allocate), credit notes, customer credit and refunds, and the customer account.</summary>
internal static class BillingEndpoints
{
    public sealed record AllocateRequest(string CustomerId, IReadOnlyList<PaymentAllocationRequest> Allocations);

    public sealed record ConfirmPaymentRequest(string CustomerId, DateOnly ReceivedOn, IReadOnlyList<PaymentAllocationRequest>? Allocations);

    public sealed record RefundRequest(string RefundId, string SourceId, long Amount, PaymentDetails Details);

    public sealed class IssueInvoiceValidator : AbstractValidator<IssueInvoiceRequest>
    {
        public IssueInvoiceValidator()
        {
            RuleFor(r => r.SourceModule).NotEmpty().MaximumLength(50);
            RuleFor(r => r.SourceReference).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Customer).NotNull();
            RuleFor(r => r.Customer.CustomerId).NotEmpty().MaximumLength(100).When(r => r.Customer is not null);
            RuleFor(r => r.Customer.Name).NotEmpty().MaximumLength(200).When(r => r.Customer is not null);
            RuleFor(r => r.Customer.Address).NotNull().When(r => r.Customer is not null);
            RuleFor(r => r.Lines).NotEmpty();
            RuleForEach(r => r.Lines).ChildRules(line =>
            {
                line.RuleFor(l => l.Label).NotEmpty().MaximumLength(300);
                line.RuleFor(l => l.Quantity).GreaterThan(0);
            });
            RuleFor(r => r.PaymentTermDays).InclusiveBetween(0, 60).When(r => r.PaymentTermDays is not null);
            RuleFor(r => r.Customer.Email).NotEmpty().EmailAddress().When(r => r.EmailToCustomer && r.Customer is not null)
                .WithMessage("Pour envoyer la facture par e-mail, le client doit avoir une adresse e-mail.");
        }
    }

    public sealed class RecordPaymentValidator : AbstractValidator<RecordPaymentRequest>
    {
        public RecordPaymentValidator()
        {
            RuleFor(r => r.PaymentId).NotEmpty().MaximumLength(100);
            RuleFor(r => r.CustomerId).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Amount).GreaterThan(0);
            RuleFor(r => r.Details).NotNull();
            RuleForEach(r => r.Allocations).ChildRules(a =>
            {
                a.RuleFor(x => x.InvoiceId).NotEmpty();
                a.RuleFor(x => x.Amount).GreaterThan(0);
            });
        }
    }

    public sealed class CreditNoteValidator : AbstractValidator<CreditNoteRequest>
    {
        public CreditNoteValidator()
        {
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
            RuleFor(r => r.Lines).NotEmpty().When(r => r.Lines is not null);
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/billing").WithTags("Billing");

        group.MapPost("/invoices", async (IssueInvoiceRequest request, ICallerContext caller, HttpContext http, BillingService billing, CancellationToken ct) =>
        {
            var issued = await billing.IssueInvoiceAsync(caller.ForRequest(http), request, ct);
            return issued.AlreadyIssued ? Results.Ok(issued) : Results.Created($"/api/billing/invoices/{issued.InvoiceId}", issued);
        }).RequireAuthorization(PlatformPolicies.OfficeStaff).Validate<IssueInvoiceRequest>().Idempotent()
          .WithSummary("Issues an invoice with the next number of the office's series (the same source reference returns the same invoice).");

        group.MapGet("/invoices", async (string? customerId, ICallerContext caller, BillingService billing, CancellationToken ct) =>
            Results.Ok(await billing.ListInvoicesAsync(caller.TenantId, customerId, ct)))
            .RequireAuthorization(PlatformPolicies.OfficeRead).WithSummary("The office's invoices (optionally one customer's), with settled amount and balance.");

        group.MapGet("/invoices/{invoiceId}", async (string invoiceId, ICallerContext caller, BillingService billing, CancellationToken ct) =>
        {
            var invoice = await RequireVisibleInvoiceAsync(billing, caller, invoiceId, ct);
            return Results.Ok(invoice);
        }).RequireAuthorization().WithSummary("The invoice as issued (never changed): seller, customer, lines, VAT per rate, totals, due date.");

        group.MapGet("/invoices/{invoiceId}/html", async (string invoiceId, ICallerContext caller, BillingService billing, IDocumentRenderer renderer, CancellationToken ct) =>
        {
            var html = await InvoiceHtmlAsync(billing, renderer, caller, invoiceId, ct);
            return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
        }).RequireAuthorization().WithSummary("The invoice as a French HTML document.");

        group.MapGet("/invoices/{invoiceId}/pdf", async (string invoiceId, ICallerContext caller, BillingService billing, IDocumentRenderer renderer, ChromiumPdfPrinter pdf, CancellationToken ct) =>
        {
            var html = await InvoiceHtmlAsync(billing, renderer, caller, invoiceId, ct);
            if (!pdf.IsAvailable)
            {
                return Results.Problem(
                    detail: $"{BillingProblems.PdfUnavailable}. The HTML is at /api/billing/invoices/{invoiceId}/html.",
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "PDF rendering is not available",
                    type: "https://monolith.example/problems/billing/pdf-unavailable");
            }

            return Results.File(await pdf.PrintAsync(html, ct), "application/pdf", $"facture-{invoiceId}.pdf");
        }).RequireAuthorization().WithSummary("The invoice as PDF (printed by headless chromium; 503 when chromium is not installed).");

        group.MapGet("/invoices/{invoiceId}/payment-request", async (string invoiceId, ICallerContext caller, BillingService billing, CancellationToken ct) =>
        {
            await RequireVisibleInvoiceAsync(billing, caller, invoiceId, ct);
            return Results.Ok(await billing.GetPaymentRequestAsync(caller.TenantId, invoiceId, ct));
        }).RequireAuthorization().WithSummary("Pay this invoice: reference = invoice number, amount = balance (what the payment page needs).");

        group.MapPost("/invoices/{invoiceId}/email", async (string invoiceId, ICallerContext caller, InvoiceMailer mailer, CancellationToken ct) =>
        {
            var result = await mailer.SendInvoiceAsync(caller.TenantId, invoiceId, ct);
            return Results.Ok(new { outcome = result.Outcome.ToString(), result.MessageId });
        }).RequireAuthorization(PlatformPolicies.OfficeStaff).WithSummary("E-mails the invoice to the customer with its PDF attached (once per invoice).");

        group.MapPost("/invoices/{invoiceId}/credit-notes", async (string invoiceId, CreditNoteRequest request, ICallerContext caller, HttpContext http, BillingService billing, CancellationToken ct) =>
        {
            var issued = await billing.IssueCreditNoteAsync(caller.ForRequest(http), invoiceId, request, ct);
            return Results.Ok(issued);
        }).RequireAuthorization(PlatformPolicies.OfficeStaff).Validate<CreditNoteRequest>().Idempotent()
          .WithSummary("Issues a credit note (avoir) on the invoice, full (no lines) or partial; never more than what remains creditable.");

        group.MapGet("/credit-notes/{documentId}/html", async (string documentId, ICallerContext caller, BillingService billing, IDocumentRenderer renderer, CancellationToken ct) =>
        {
            var note = await billing.LoadCreditNoteAsync(caller.TenantId, documentId, ct) ?? throw new NotFoundException("Credit note not found.");
            RequireOwnRecord(caller, note.CustomerId);
            return Results.Content(await renderer.RenderHtmlAsync("billing.credit-note", DocumentModels.CreditNote(note), ct), "text/html; charset=utf-8", Encoding.UTF8);
        }).RequireAuthorization().WithSummary("The credit note as a French HTML document.");

        group.MapPost("/invoices/{invoiceId}/customer-credit", async (string invoiceId, ICallerContext caller, HttpContext http, BillingService billing, CancellationToken ct) =>
        {
            await billing.UseCreditAsync(caller.ForRequest(http), invoiceId, ct);
            return Results.Ok(await billing.GetPaymentRequestAsync(caller.TenantId, invoiceId, ct));
        }).RequireAuthorization(PlatformPolicies.OfficeStaff).Idempotent()
          .WithSummary("Uses the customer's valid credit (credit notes kept as credit, overpayments) against the invoice's balance.");

        group.MapPost("/payments", async (RecordPaymentRequest request, ICallerContext caller, HttpContext http, BillingService billing, CancellationToken ct) =>
        {
            await billing.RecordPaymentAsync(caller.ForRequest(http), request, ct);
            return Results.Ok(await billing.GetCustomerAccountAsync(caller.TenantId, request.CustomerId, ct));
        }).RequireAuthorization(PlatformPolicies.OfficeStaff).Validate<RecordPaymentRequest>().Idempotent()
          .WithSummary("Records a payment (card via the provider's reference only, cheque, transfer, SEPA, cash) and its allocations.");

        group.MapPost("/payments/{paymentId}/confirmation", async (string paymentId, ConfirmPaymentRequest request, ICallerContext caller, HttpContext http, BillingService billing, CancellationToken ct) =>
        {
            await billing.ConfirmPaymentAsync(caller.ForRequest(http), request.CustomerId, paymentId, request.ReceivedOn, request.Allocations ?? [], ct);
            return Results.Ok(await billing.GetCustomerAccountAsync(caller.TenantId, request.CustomerId, ct));
        }).RequireAuthorization(PlatformPolicies.OfficeStaff).Idempotent().WithSummary("A pending (card) payment is received: it now counts.");

        group.MapPost("/payments/{paymentId}/allocations", async (string paymentId, AllocateRequest request, ICallerContext caller, HttpContext http, BillingService billing, CancellationToken ct) =>
        {
            await billing.AllocateAsync(caller.ForRequest(http), request.CustomerId, paymentId, request.Allocations, ct);
            return Results.Ok(await billing.GetCustomerAccountAsync(caller.TenantId, request.CustomerId, ct));
        }).RequireAuthorization(PlatformPolicies.OfficeStaff).Idempotent().WithSummary("Allocates a received payment's unallocated amount to invoices.");

        group.MapPost("/customers/{customerId}/refunds", async (string customerId, RefundRequest request, ICallerContext caller, HttpContext http, BillingService billing, CancellationToken ct) =>
        {
            await billing.RefundAsync(caller.ForRequest(http), customerId, request.RefundId, request.SourceId, request.Amount, request.Details, ct);
            return Results.Ok(await billing.GetCustomerAccountAsync(caller.TenantId, customerId, ct));
        }).RequireAuthorization(PlatformPolicies.OfficeStaff).Idempotent().WithSummary("Records a refund of customer credit (a credit note or an overpayment).");

        group.MapGet("/customers/{customerId}/account", async (string customerId, ICallerContext caller, BillingService billing, CancellationToken ct) =>
        {
            RequireOwnRecord(caller, customerId);
            return Results.Ok(await billing.GetCustomerAccountAsync(caller.TenantId, customerId, ct));
        }).RequireAuthorization().WithSummary("The customer account: every invoice with paid and balance; totals of invoices, credit notes, payments, refunds; available credit.");
    }

    private static async Task<string> InvoiceHtmlAsync(BillingService billing, IDocumentRenderer renderer, ICallerContext caller, string invoiceId, CancellationToken ct)
    {
        var invoice = await RequireVisibleInvoiceAsync(billing, caller, invoiceId, ct);
        var payment = await billing.GetPaymentRequestAsync(caller.TenantId, invoiceId, ct);
        return await renderer.RenderHtmlAsync("billing.invoice", DocumentModels.Invoice(invoice, payment?.Amount), ct);
    }

    internal static async Task<InvoiceIssued> RequireVisibleInvoiceAsync(BillingService billing, ICallerContext caller, string invoiceId, CancellationToken ct)
    {
        var invoice = await billing.LoadInvoiceAsync(caller.TenantId, invoiceId, ct) ?? throw new NotFoundException("Invoice not found.");
        RequireOwnRecord(caller, invoice.CustomerId);
        return invoice;
    }

    /// <summary>Office users (admin, staff, accountant) see every customer of their office; a portal customer only their own records
    /// (anything else is "not found", never the data).</summary>
    internal static void RequireOwnRecord(ICallerContext caller, string customerId)
    {
        var officeUser = caller.IsInRole(Roles.OfficeAdmin) || caller.IsInRole(Roles.OfficeStaff) || caller.IsInRole(Roles.Accountant);
        if (!officeUser && !(caller.IsInRole(Roles.Customer) && caller.CustomerId == customerId))
        {
            throw new NotFoundException("Not found.");
        }
    }
}
