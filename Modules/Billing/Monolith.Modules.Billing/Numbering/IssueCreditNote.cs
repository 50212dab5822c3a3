using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using CustomerAccount = Monolith.Modules.Billing.Accounts.CustomerAccount;

namespace Monolith.Modules.Billing.Numbering;

/// <summary>What a staff member or a selling module asks for a credit note. <paramref name="Lines"/> null = the whole invoice.
/// <paramref name="ExpiresOn"/> null with KeepAsCredit = the office's validity (setting <c>billing.credit-validity-months</c>, default 12
/// months from today).</summary>
internal sealed record CreditNoteRequest(
    string? CreditNoteId,
    IReadOnlyList<InvoiceLineRequest>? Lines,
    string Reason,
    CreditNoteDisposition Disposition,
    DateOnly? ExpiresOn);

internal sealed record IssuedCreditNote(string CreditNoteId, string DocumentId, string Number, string InvoiceNumber, long TotalTtc, long OffsetOnInvoice, long KeptAsCredit) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

internal sealed class CreditNoteValidator : AbstractValidator<CreditNoteRequest>
{
    public CreditNoteValidator()
    {
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
        RuleFor(r => r.Lines).NotEmpty().When(r => r.Lines is not null);
    }
}

/// <summary>POST <c>/api/billing/invoices/{invoiceId}/credit-notes</c> (staff, Idempotency-Key).</summary>
internal static class IssueCreditNoteEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapPost("/invoices/{invoiceId}/credit-notes", HandleAsync)
            .RequireAuthorization(PlatformPolicies.OfficeStaff).Validate<CreditNoteRequest>().Idempotent().WithName("IssueCreditNote")
            .WithSummary("Issues a credit note (avoir) on the invoice, full (no lines) or partial; never more than what remains creditable.");

    internal static async Task<Created<IssuedCreditNote>> HandleAsync(
        string invoiceId, CreditNoteRequest request, ICallerContext caller, HttpContext http, CreditNoteIssuer issuer, CancellationToken ct)
    {
        var issued = await issuer.IssueAsync(caller.ForRequest(http), invoiceId, request, ct);
        return TypedResults.Created($"/api/billing/credit-notes/{issued.DocumentId}", issued);
    }
}

/// <summary>Two appends, each idempotent by the credit note id (ADR 0010): first the customer account applies it (the cap "never more
/// than what remains creditable" is checked there, atomically), then the credit-note series numbers the document. A retry of the
/// same request completes whichever step is missing.</summary>
internal sealed class CreditNoteIssuer(
    CommandHandler handler, DocumentNumbering numbering, NumberedDocuments documents, AccountReader accounts, BillingOffices offices, TimeProvider time)
{
    public async Task<IssuedCreditNote> IssueAsync(CommandContext context, string invoiceId, CreditNoteRequest request, CancellationToken ct = default)
    {
        var officeId = context.TenantId;
        var invoice = await documents.RequireInvoiceAsync(officeId, invoiceId, ct);
        var office = await offices.RequireSellerAsync(officeId, ct);
        var now = time.GetUtcNow();
        var today = DocumentRegister.LocalDate(now, office.TimeZone);
        var creditNoteId = string.IsNullOrWhiteSpace(request.CreditNoteId) ? IdempotencyScope.NewId() : request.CreditNoteId.Trim();
        // Lines collected for a provider stay its (third-party funds, ADR 0022). A requested line naming a provider the invoice did not
        // collect for (an invoice issued before its seller marked the line) is credited as the invoice sold it: the office's own line.
        var providers = invoice.Lines.Where(l => l.OnBehalfOf is not null).Select(l => l.OnBehalfOf!.ProviderId).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<InvoiceLineRequest> lines = request.Lines is null
            ? [.. invoice.Lines.Select(l => l.ToRequest())]
            : request.Lines.Select(l => l.OnBehalfOf is { } p && !providers.Contains(p.ProviderId.Trim()) ? l with { OnBehalfOf = null } : l).ToList();
        var amounts = DocumentLine.Totals(lines.Select(l => DocumentLine.From(l, l.VatRate))).PerRate.Select(r => new RateAmount(r.Rate, r.Ttc)).ToList();
        DateOnly? expiresOn = null;
        if (request.Disposition == CreditNoteDisposition.KeepAsCredit)
        {
            var terms = await offices.TermsInForceAsync(officeId, today, ct);
            expiresOn = request.ExpiresOn ?? today.AddMonths(BillingOffices.IntSetting(terms, BillingOffices.CreditValiditySetting, 12));
        }

        var system = context with { Expected = null };
        var account = await handler.HandleAsync(
            CustomerAccount.For(invoice.CustomerId), CustomerAccount.StreamId(officeId, invoice.CustomerId),
            new ApplyCreditNote(creditNoteId, InvoiceFacts.From(invoice), amounts, request.Disposition, expiresOn, now), system, ct: ct);
        var applied = account.NewEvents.OfType<CreditNoteApplied>().FirstOrDefault()
            ?? (await accounts.ReadAsync(officeId, invoice.CustomerId, ct)).OfType<CreditNoteApplied>().First(a => a.CreditNoteId == creditNoteId);

        var draft = new CreditNoteDraft(
            creditNoteId, officeId, office.TimeZone, office.Legal!, invoice.Customer, invoice.InvoiceId, invoice.Number, invoice.IssueDate, lines,
            request.Reason, request.Disposition, applied.ExpiresOn ?? expiresOn);
        var numbered = await numbering.IssueAsync(
            DocumentSeries.CreditNotes,
            officeId,
            office.TimeZone,
            DocumentRegister.CreditNoteKey(creditNoteId),
            DocumentSeeds.CreditNote(officeId, creditNoteId),
            at => new IssueCreditNote(draft, at),
            system,
            ct);
        var document = numbered.Document as CreditNoteIssued
            ?? throw new InvalidOperationException($"The credit note {creditNoteId} was numbered as another kind of document.");
        return new IssuedCreditNote(creditNoteId, document.DocumentId, document.Number, invoice.Number, applied.Total, applied.OffsetOnInvoice, applied.Remainder);
    }
}
