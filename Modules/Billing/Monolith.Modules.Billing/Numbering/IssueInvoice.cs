using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;

namespace Monolith.Modules.Billing.Numbering;

internal sealed class IssueInvoiceValidator : AbstractValidator<IssueInvoiceRequest>
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

/// <summary>POST <c>/api/billing/invoices</c> (staff, Idempotency-Key): 201 with the new invoice, 200 with the one already issued for
/// the same source.</summary>
internal static class IssueInvoiceEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapPost("/invoices", HandleAsync)
            .RequireAuthorization(PlatformPolicies.OfficeStaff).Validate<IssueInvoiceRequest>().Idempotent().WithName("IssueInvoice")
            .WithSummary("Issues an invoice with the next number of the office's series (the same source reference returns the same invoice).");

    internal static async Task<Results<Created<IssuedInvoice>, Ok<IssuedInvoice>>> HandleAsync(
        IssueInvoiceRequest request, ICallerContext caller, HttpContext http, InvoiceIssuer issuer, CancellationToken ct)
    {
        var issued = await issuer.IssueAsync(caller.ForRequest(http), request, ct);
        return issued.AlreadyIssued ? TypedResults.Ok(issued) : TypedResults.Created($"/api/billing/invoices/{issued.InvoiceId}", issued);
    }
}

/// <summary>Issues an invoice in the office's numbering day (ADR 0010): the source (module and reference) is the idempotency key —
/// looked up in the read model first, then checked by the day's decider and, across days, by the event store.</summary>
internal sealed class InvoiceIssuer(DocumentNumbering numbering, NumberedDocuments documents, InvoiceList invoices, BillingOffices offices, TimeProvider time)
{
    public Task<IssuedInvoice> IssueAsync(string officeId, IssueInvoiceRequest request, CancellationToken ct = default) =>
        IssueAsync(BillingOffices.SystemContext(officeId), request, ct);

    public async Task<IssuedInvoice> IssueAsync(CommandContext context, IssueInvoiceRequest request, CancellationToken ct = default)
    {
        var officeId = context.TenantId;
        if (await invoices.FindBySourceAsync(officeId, request.SourceModule, request.SourceReference, ct) is { } knownId
            && await documents.LoadInvoiceAsync(officeId, knownId, ct) is { } known)
        {
            return ToIssued(known, alreadyIssued: true);
        }

        // A numbered document is for ever: a business customer that cannot appear on an invoice is refused before numbering.
        BusinessCustomerRules.Require(request.Customer);
        var office = await offices.RequireSellerAsync(officeId, ct);
        var today = DocumentRegister.LocalDate(time.GetUtcNow(), office.TimeZone);
        var terms = await offices.TermsInForceAsync(officeId, today, ct);
        var draft = new InvoiceDraft(
            officeId,
            office.TimeZone,
            office.Legal!,
            request.Customer,
            request.Lines,
            request.SourceModule,
            request.SourceReference,
            request.Label,
            request.PaymentTermDays ?? BillingOffices.IntSetting(terms, BillingOffices.PaymentTermSetting, BillingTexts.DefaultPaymentTermDays),
            terms?.Settings.GetValueOrDefault(BillingOffices.LatePenaltySetting) ?? "",
            request.EmailToCustomer);
        var numbered = await numbering.IssueAsync(
            DocumentSeries.Invoices,
            officeId,
            office.TimeZone,
            DocumentRegister.InvoiceKey(request.SourceModule.Trim(), request.SourceReference.Trim()),
            DocumentSeeds.Invoice(officeId, request.SourceModule.Trim(), request.SourceReference.Trim()),
            at => new IssueInvoice(draft, at),
            context,
            ct);
        return numbered.Document is InvoiceIssued issued
            ? ToIssued(issued, numbered.AlreadyIssued)
            : throw new InvalidOperationException($"The source {request.SourceModule}/{request.SourceReference} was numbered as another kind of document.");
    }

    private static IssuedInvoice ToIssued(InvoiceIssued i, bool alreadyIssued) =>
        new(i.InvoiceId, i.Number, i.IssueDate, i.DueDate, i.Totals.TotalHt, i.Totals.TotalVat, i.Totals.TotalTtc, alreadyIssued);
}
