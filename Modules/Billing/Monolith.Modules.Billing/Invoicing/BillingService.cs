using System.Globalization;
using Dapper;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Offices.Contracts;
using CustomerAccount = Monolith.Modules.Billing.Accounts.CustomerAccount;

namespace Monolith.Modules.Billing.Invoicing;

/// <summary>What a staff member or a selling module asks for a credit note. <paramref name="Lines"/> null = the whole invoice.
/// <paramref name="ExpiresOn"/> null with KeepAsCredit = the office's validity (setting <c>billing.credit-validity-months</c>, default 12
/// months from today).</summary>
internal sealed record CreditNoteRequest(
    string? CreditNoteId,
    IReadOnlyList<InvoiceLineRequest>? Lines,
    string Reason,
    CreditNoteDisposition Disposition,
    DateOnly? ExpiresOn);

internal sealed record IssuedCreditNote(string CreditNoteId, string DocumentId, string Number, string InvoiceNumber, long TotalTtc, long OffsetOnInvoice, long KeptAsCredit);

internal sealed record InvoiceListItem(
    string InvoiceId,
    string Number,
    string CustomerId,
    DateOnly IssueDate,
    DateOnly DueDate,
    string Label,
    long TotalTtc,
    long Settled,
    long Balance,
    string SourceModule,
    string SourceReference);

/// <summary>Billing's use cases over the two kinds of stream (numbering streams, customer accounts). See ADR 0010.</summary>
internal sealed class BillingService(
    CommandHandler handler,
    IEventStore store,
    EventSerializer serializer,
    IOfficeDirectory offices,
    SqliteConnectionFactory connections,
    TimeProvider time) : IBillingService
{
    public const string PaymentTermSetting = "billing.payment-term-days";
    public const string LatePenaltySetting = "billing.late-penalty-mention";
    public const string CreditValiditySetting = "billing.credit-validity-months";

    /// <summary>Concurrent issuing in one series conflicts on the expected revision: each loser reloads and takes the next number.</summary>
    private static readonly CommandOptions Numbering = new(MaxRetries: 1000);

    public static CommandContext SystemContext(string officeId) => new(officeId, "billing", Guid.NewGuid());

    public Task<IssuedInvoice> IssueInvoiceAsync(string officeId, IssueInvoiceRequest request, CancellationToken ct = default) =>
        IssueInvoiceAsync(SystemContext(officeId), request, ct);

    public async Task<IssuedInvoice> IssueInvoiceAsync(CommandContext context, IssueInvoiceRequest request, CancellationToken ct = default)
    {
        var officeId = context.TenantId;
        if (await FindBySourceAsync(officeId, request.SourceModule, request.SourceReference, ct) is { } knownId
            && await LoadInvoiceAsync(officeId, knownId, ct) is { } known)
        {
            return ToIssued(known, alreadyIssued: true);
        }

        var office = await RequireSellerAsync(officeId, ct);
        var now = time.GetUtcNow();
        var today = DocumentRegister.LocalDate(now, office.TimeZone);
        var terms = await offices.GetTermsInForceAsync(officeId, today, ct);
        var draft = new InvoiceDraft(
            officeId,
            office.TimeZone,
            office.Legal!,
            request.Customer,
            request.Lines,
            request.SourceModule,
            request.SourceReference,
            request.Label,
            request.PaymentTermDays ?? IntSetting(terms, PaymentTermSetting, BillingTexts.DefaultPaymentTermDays),
            terms?.Settings.GetValueOrDefault(LatePenaltySetting) ?? "",
            request.EmailToCustomer);
        var result = await handler.HandleAsync(
            DocumentRegister.Decider, DocumentSeries.Invoices.StreamId(officeId, today.Year), new IssueInvoice(draft, now), context with { Expected = null }, Numbering, ct);
        if (result.NewEvents.OfType<InvoiceIssued>().FirstOrDefault() is { } issued)
        {
            return ToIssued(issued, alreadyIssued: false);
        }

        var existing = result.State.ByKey[DocumentRegister.InvoiceKey(request.SourceModule, request.SourceReference)];
        return ToIssued(await LoadInvoiceAsync(officeId, existing.DocumentId, ct) ?? throw new NotFoundException("Invoice not found."), alreadyIssued: true);
    }

    /// <summary>The issued invoice as stored (consumer details decrypted, or erased once forgotten); null when absent or another tenant's.</summary>
    public async Task<InvoiceIssued?> LoadInvoiceAsync(string officeId, string invoiceId, CancellationToken ct = default)
    {
        if (!DocumentSeries.TryParseDocumentId(invoiceId, out var series, out var year, out var sequence) || series.Kind != DocumentKind.Invoice)
        {
            return null;
        }

        // One document per event: the invoice of sequence n is at revision n − 1 of its numbering stream.
        var recorded = await store.ReadStreamAsync(series.StreamId(officeId, year), ReadDirection.Forwards, sequence - 1, 1, ct);
        if (recorded.Count == 0 || recorded[0].Metadata.TenantId != officeId)
        {
            return null;
        }

        return (await serializer.DeserializeAsync(recorded[0], ct)).Event is InvoiceIssued i && i.InvoiceId == invoiceId ? i : null;
    }

    public async Task<CreditNoteIssued?> LoadCreditNoteAsync(string officeId, string documentId, CancellationToken ct = default)
    {
        if (!DocumentSeries.TryParseDocumentId(documentId, out var series, out var year, out var sequence) || series.Kind != DocumentKind.CreditNote)
        {
            return null;
        }

        var recorded = await store.ReadStreamAsync(series.StreamId(officeId, year), ReadDirection.Forwards, sequence - 1, 1, ct);
        if (recorded.Count == 0 || recorded[0].Metadata.TenantId != officeId)
        {
            return null;
        }

        return (await serializer.DeserializeAsync(recorded[0], ct)).Event is CreditNoteIssued c && c.DocumentId == documentId ? c : null;
    }

    public Task RecordPaymentAsync(string officeId, RecordPaymentRequest request, CancellationToken ct = default) =>
        RecordPaymentAsync(SystemContext(officeId), request, ct);

    public async Task<CustomerAccountState> RecordPaymentAsync(CommandContext context, RecordPaymentRequest request, CancellationToken ct = default)
    {
        var allocations = await AllocationsAsync(context.TenantId, request.Allocations, ct);
        var result = await handler.HandleAsync(
            CustomerAccount.For(request.CustomerId),
            CustomerAccount.StreamId(context.TenantId, request.CustomerId),
            new RecordPayment(request.PaymentId, request.Details, request.Amount, request.ReceivedOn, allocations, time.GetUtcNow()),
            context with { Expected = null },
            ct: ct);
        return result.State;
    }

    public Task<CustomerAccountState> ConfirmPaymentAsync(
        CommandContext context, string customerId, string paymentId, DateOnly receivedOn, IReadOnlyList<PaymentAllocationRequest> allocations, CancellationToken ct = default) =>
        ConfirmPaymentAsync(context, customerId, paymentId, receivedOn, allocations, null, ct);

    /// <summary>Confirms a pending payment; <paramref name="cardLast4"/> is what a card payment provider reports (nothing else).</summary>
    public async Task<CustomerAccountState> ConfirmPaymentAsync(
        CommandContext context,
        string customerId,
        string paymentId,
        DateOnly receivedOn,
        IReadOnlyList<PaymentAllocationRequest> allocations,
        string? cardLast4,
        CancellationToken ct = default)
    {
        var facts = await AllocationsAsync(context.TenantId, allocations, ct);
        var result = await handler.HandleAsync(
            CustomerAccount.For(customerId), CustomerAccount.StreamId(context.TenantId, customerId),
            new ConfirmPayment(paymentId, receivedOn, facts, time.GetUtcNow(), cardLast4), context with { Expected = null }, CommandOptions.ExistingStream, ct);
        return result.State;
    }

    /// <summary>A pending payment failed (a card declined by the provider): it never counts.</summary>
    public async Task<CustomerAccountState> FailPaymentAsync(CommandContext context, string customerId, string paymentId, string reason, CancellationToken ct = default)
    {
        var result = await handler.HandleAsync(
            CustomerAccount.For(customerId), CustomerAccount.StreamId(context.TenantId, customerId),
            new FailPayment(paymentId, reason, time.GetUtcNow()), context with { Expected = null }, CommandOptions.ExistingStream, ct);
        return result.State;
    }

    /// <summary>A received payment came back (a returned SEPA debit): the invoices it paid are open again.</summary>
    public async Task<CustomerAccountState> ReturnPaymentAsync(
        CommandContext context, string customerId, string paymentId, string reason, DateOnly returnedOn, CancellationToken ct = default)
    {
        var result = await handler.HandleAsync(
            CustomerAccount.For(customerId), CustomerAccount.StreamId(context.TenantId, customerId),
            new ReturnPayment(paymentId, reason, returnedOn, time.GetUtcNow()), context with { Expected = null }, CommandOptions.ExistingStream, ct);
        return result.State;
    }

    /// <summary>The office-local date of now (Europe/Paris by default).</summary>
    public async Task<DateOnly> TodayAsync(string officeId, CancellationToken ct = default)
    {
        var office = await offices.GetOfficeAsync(officeId, ct);
        return DocumentRegister.LocalDate(time.GetUtcNow(), office?.TimeZone ?? "Europe/Paris");
    }

    public async Task<CustomerAccountState> AllocateAsync(
        CommandContext context, string customerId, string paymentId, IReadOnlyList<PaymentAllocationRequest> allocations, CancellationToken ct = default)
    {
        var facts = await AllocationsAsync(context.TenantId, allocations, ct);
        var result = await handler.HandleAsync(
            CustomerAccount.For(customerId), CustomerAccount.StreamId(context.TenantId, customerId),
            new AllocatePayment(paymentId, facts, time.GetUtcNow()), context with { Expected = null }, CommandOptions.ExistingStream, ct);
        return result.State;
    }

    /// <summary>Applies the customer's usable credit (credit notes kept as credit, overpayments) to an invoice's balance.</summary>
    public async Task<CustomerAccountState> UseCreditAsync(CommandContext context, string invoiceId, CancellationToken ct = default)
    {
        var invoice = await RequireInvoiceAsync(context.TenantId, invoiceId, ct);
        var office = await RequireSellerAsync(context.TenantId, ct);
        var now = time.GetUtcNow();
        var result = await handler.HandleAsync(
            CustomerAccount.For(invoice.CustomerId), CustomerAccount.StreamId(context.TenantId, invoice.CustomerId),
            new UseCustomerCredit(InvoiceFacts.From(invoice), DocumentRegister.LocalDate(now, office.TimeZone), now), context with { Expected = null }, ct: ct);
        return result.State;
    }

    public async Task<CustomerAccountState> RefundAsync(
        CommandContext context, string customerId, string refundId, string sourceId, long amount, PaymentDetails details, CancellationToken ct = default)
    {
        var office = await RequireSellerAsync(context.TenantId, ct);
        var now = time.GetUtcNow();
        var result = await handler.HandleAsync(
            CustomerAccount.For(customerId), CustomerAccount.StreamId(context.TenantId, customerId),
            new RecordRefund(refundId, sourceId, amount, details, DocumentRegister.LocalDate(now, office.TimeZone), now), context with { Expected = null },
            CommandOptions.ExistingStream, ct);
        return result.State;
    }

    /// <summary>Two appends, each idempotent by the credit note id (ADR 0010): first the customer account applies it (the cap "never more
    /// than what remains creditable" is checked there, atomically), then the credit-note series numbers the document. A retry of the
    /// same request completes whichever step is missing.</summary>
    public async Task<IssuedCreditNote> IssueCreditNoteAsync(CommandContext context, string invoiceId, CreditNoteRequest request, CancellationToken ct = default)
    {
        var officeId = context.TenantId;
        var invoice = await RequireInvoiceAsync(officeId, invoiceId, ct);
        var office = await RequireSellerAsync(officeId, ct);
        var now = time.GetUtcNow();
        var today = DocumentRegister.LocalDate(now, office.TimeZone);
        var creditNoteId = string.IsNullOrWhiteSpace(request.CreditNoteId) ? Guid.NewGuid().ToString("N") : request.CreditNoteId.Trim();
        var lines = request.Lines ?? [.. invoice.Lines.Select(l => new InvoiceLineRequest(l.Label, l.Quantity, l.UnitPriceTtc, l.VatRate, l.ServiceDate))];
        var amounts = DocumentLine.Totals(lines.Select(l => DocumentLine.From(l, l.VatRate))).PerRate.Select(r => new RateAmount(r.Rate, r.Ttc)).ToList();
        DateOnly? expiresOn = null;
        if (request.Disposition == CreditNoteDisposition.KeepAsCredit)
        {
            var terms = await offices.GetTermsInForceAsync(officeId, today, ct);
            expiresOn = request.ExpiresOn ?? today.AddMonths(IntSetting(terms, CreditValiditySetting, 12));
        }

        var context2 = context with { Expected = null };
        var account = await handler.HandleAsync(
            CustomerAccount.For(invoice.CustomerId), CustomerAccount.StreamId(officeId, invoice.CustomerId),
            new ApplyCreditNote(creditNoteId, InvoiceFacts.From(invoice), amounts, request.Disposition, expiresOn, now), context2, ct: ct);
        var applied = account.NewEvents.OfType<CreditNoteApplied>().FirstOrDefault()
            ?? (await ReadAccountAsync(officeId, invoice.CustomerId, ct)).OfType<CreditNoteApplied>().First(a => a.CreditNoteId == creditNoteId);

        var draft = new CreditNoteDraft(
            creditNoteId, officeId, office.TimeZone, office.Legal!, invoice.Customer, invoice.InvoiceId, invoice.Number, invoice.IssueDate, lines,
            request.Reason, request.Disposition, applied.ExpiresOn ?? expiresOn);
        var register = await handler.HandleAsync(
            DocumentRegister.Decider, DocumentSeries.CreditNotes.StreamId(officeId, today.Year), new IssueCreditNote(draft, now), context2, Numbering, ct);
        var document = register.State.ByKey[DocumentRegister.CreditNoteKey(creditNoteId)];
        return new IssuedCreditNote(creditNoteId, document.DocumentId, document.Number, invoice.Number, applied.Total, applied.OffsetOnInvoice, applied.Remainder);
    }

    public async Task<CustomerAccountView> GetCustomerAccountAsync(string officeId, string customerId, CancellationToken ct = default)
    {
        var office = await offices.GetOfficeAsync(officeId, ct);
        var today = DocumentRegister.LocalDate(time.GetUtcNow(), office?.TimeZone ?? "Europe/Paris");
        var rows = (await ListInvoicesAsync(officeId, customerId, ct))
            .Select(i => new CustomerAccountInvoice(i.InvoiceId, i.Number, i.IssueDate, i.DueDate, i.Label, i.TotalTtc, 0, i.TotalTtc));
        return CustomerStatement.Build(customerId, rows, await ReadAccountAsync(officeId, customerId, ct), today);
    }

    public async Task<InvoicePaymentRequest?> GetPaymentRequestAsync(string officeId, string invoiceId, CancellationToken ct = default)
    {
        if (await LoadInvoiceAsync(officeId, invoiceId, ct) is not { } invoice)
        {
            return null;
        }

        var state = CustomerAccount.For(invoice.CustomerId).Fold(await ReadAccountAsync(officeId, invoice.CustomerId, ct));
        return new InvoicePaymentRequest(invoice.InvoiceId, invoice.Number, Math.Max(0, state.BalanceOf(InvoiceFacts.From(invoice))));
    }

    public async Task<IReadOnlyList<InvoiceListItem>> ListInvoicesAsync(string officeId, string? customerId, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<InvoiceRow>(
            """
            SELECT invoice_id AS InvoiceId, number AS Number, customer_id AS CustomerId, issue_date AS IssueDate, due_date AS DueDate, label AS Label,
                   total_ttc AS TotalTtc, settled AS Settled, source_module AS SourceModule, source_reference AS SourceReference
            FROM billing_invoices
            WHERE office_id = @officeId AND (@customerId IS NULL OR customer_id = @customerId)
            ORDER BY issue_date, number
            """,
            new { officeId, customerId });
        return [.. rows.Select(r => new InvoiceListItem(
            r.InvoiceId, r.Number, r.CustomerId, DateOnly.Parse(r.IssueDate, CultureInfo.InvariantCulture), DateOnly.Parse(r.DueDate, CultureInfo.InvariantCulture),
            r.Label, r.TotalTtc, r.Settled, r.TotalTtc - r.Settled, r.SourceModule, r.SourceReference))];
    }

    public async Task<IReadOnlyList<AccountEvent>> ReadAccountAsync(string officeId, string customerId, CancellationToken ct = default)
    {
        var recorded = await store.ReadStreamAsync(CustomerAccount.StreamId(officeId, customerId), ReadDirection.Forwards, null, int.MaxValue, ct);
        if (recorded.Any(r => r.Metadata.TenantId != officeId))
        {
            return [];
        }

        var events = new List<AccountEvent>(recorded.Count);
        foreach (var r in recorded)
        {
            if ((await serializer.DeserializeAsync(r, ct)).Event is AccountEvent e)
            {
                events.Add(e);
            }
        }

        return events;
    }

    private async Task<string?> FindBySourceAsync(string officeId, string sourceModule, string sourceReference, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT invoice_id FROM billing_invoices WHERE office_id = @officeId AND source_module = @sourceModule AND source_reference = @sourceReference",
            new { officeId, sourceModule = sourceModule.Trim(), sourceReference = sourceReference.Trim() });
    }

    private async Task<IReadOnlyList<Allocation>> AllocationsAsync(string officeId, IReadOnlyList<PaymentAllocationRequest> requests, CancellationToken ct)
    {
        var allocations = new List<Allocation>(requests.Count);
        foreach (var a in requests)
        {
            allocations.Add(new Allocation(InvoiceFacts.From(await RequireInvoiceAsync(officeId, a.InvoiceId, ct)), a.Amount));
        }

        return allocations;
    }

    private async Task<InvoiceIssued> RequireInvoiceAsync(string officeId, string invoiceId, CancellationToken ct) =>
        await LoadInvoiceAsync(officeId, invoiceId, ct) ?? throw new NotFoundException($"Invoice '{invoiceId}' not found.");

    private async Task<OfficeProfile> RequireSellerAsync(string officeId, CancellationToken ct)
    {
        var office = await offices.GetOfficeAsync(officeId, ct) ?? throw new NotFoundException("Office not found.");
        return office.Legal is null
            ? throw new DomainRuleViolation(
                "billing.seller-identity-missing",
                "L'identité légale de l'office (raison sociale, SIREN, TVA, adresse) doit être renseignée avant d'émettre une facture.")
            : office;
    }

    private static int IntSetting(TermsOfSaleVersion? terms, string key, int fallback) =>
        terms?.Settings.TryGetValue(key, out var value) == true && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : fallback;

    private static IssuedInvoice ToIssued(InvoiceIssued i, bool alreadyIssued) =>
        new(i.InvoiceId, i.Number, i.IssueDate, i.DueDate, i.Totals.TotalHt, i.Totals.TotalVat, i.Totals.TotalTtc, alreadyIssued);

    private sealed record InvoiceRow(
        string InvoiceId, string Number, string CustomerId, string IssueDate, string DueDate, string Label, long TotalTtc, long Settled, string SourceModule, string SourceReference);
}
