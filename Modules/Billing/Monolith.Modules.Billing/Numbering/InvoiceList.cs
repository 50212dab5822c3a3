using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Accounts;

namespace Monolith.Modules.Billing.Numbering;

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

/// <summary>GET <c>/api/billing/invoices[?customerId=]</c>: the office's invoices with what is settled on each, from the read model.</summary>
internal static class ListInvoicesEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapGet("/invoices", HandleAsync).RequireAuthorization(PlatformPolicies.OfficeRead).WithName("ListInvoices")
            .WithSummary("The office's invoices (optionally one customer's), with settled amount and balance.");

    internal static async Task<Ok<IReadOnlyList<InvoiceListItem>>> HandleAsync(string? customerId, ICallerContext caller, InvoiceList invoices, CancellationToken ct) =>
        TypedResults.Ok(await invoices.ListAsync(caller.TenantId, customerId, ct));
}

/// <summary>Queries over <c>billing_invoices</c>.</summary>
internal sealed class InvoiceList(SqliteConnectionFactory connections)
{
    public async Task<IReadOnlyList<InvoiceListItem>> ListAsync(string officeId, string? customerId, CancellationToken ct = default)
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

    /// <summary>The invoice already issued for a source, if the read model has seen it (the fast path of idempotent issuing).</summary>
    public async Task<string?> FindBySourceAsync(string officeId, string sourceModule, string sourceReference, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT invoice_id FROM billing_invoices WHERE office_id = @officeId AND source_module = @sourceModule AND source_reference = @sourceReference",
            new { officeId, sourceModule = sourceModule.Trim(), sourceReference = sourceReference.Trim() });
    }

    private sealed record InvoiceRow(
        string InvoiceId, string Number, string CustomerId, string IssueDate, string DueDate, string Label, long TotalTtc, long Settled, string SourceModule, string SourceReference);
}

/// <summary>Read models <c>billing_invoices</c> (the invoice list, with what is settled on each) and <c>billing_credit_notes</c>.</summary>
internal sealed class BillingReadModelProjection : IProjection
{
    public string Name => "billing.invoices";

    public bool Handles(string eventType) => eventType is "billing.invoice-issued" or "billing.credit-note-issued" or "billing.payment-allocated"
        or "billing.customer-credit-used" or "billing.credit-note-applied";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        switch (await ctx.DecodeAsync(e, ct))
        {
            case InvoiceIssued i:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO billing_invoices (office_id, invoice_id, number, customer_id, issue_date, due_date, label, total_ht, total_vat,
                                                  total_ttc, settled, source_module, source_reference, issued_at)
                    VALUES (@office, @InvoiceId, @Number, @CustomerId, @IssueDate, @DueDate, @Label, @Ht, @Vat, @Ttc, 0, @SourceModule,
                            @SourceReference, @IssuedAt)
                    ON CONFLICT (office_id, invoice_id) DO NOTHING
                    """,
                    new
                    {
                        office,
                        i.InvoiceId,
                        i.Number,
                        i.CustomerId,
                        IssueDate = Day(i.IssueDate),
                        DueDate = Day(i.DueDate),
                        i.Label,
                        Ht = i.Totals.TotalHt,
                        Vat = i.Totals.TotalVat,
                        Ttc = i.Totals.TotalTtc,
                        i.SourceModule,
                        i.SourceReference,
                        IssuedAt = i.IssuedAt.ToString("O", CultureInfo.InvariantCulture),
                    },
                    ctx.Transaction);
                break;
            case CreditNoteIssued c:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO billing_credit_notes (office_id, credit_note_id, document_id, number, invoice_id, customer_id, issue_date, total_ttc)
                    VALUES (@office, @CreditNoteId, @DocumentId, @Number, @InvoiceId, @CustomerId, @IssueDate, @Ttc)
                    ON CONFLICT (office_id, credit_note_id) DO NOTHING
                    """,
                    new { office, c.CreditNoteId, c.DocumentId, c.Number, c.InvoiceId, c.CustomerId, IssueDate = Day(c.IssueDate), Ttc = c.Totals.TotalTtc },
                    ctx.Transaction);
                break;
            case PaymentAllocated a:
                await Settle(ctx, office, a.InvoiceId, a.Amount);
                break;
            case CustomerCreditUsed u:
                await Settle(ctx, office, u.InvoiceId, u.Amount);
                break;
            case CreditNoteApplied n when n.OffsetOnInvoice > 0:
                await Settle(ctx, office, n.InvoiceId, n.OffsetOnInvoice);
                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM billing_invoices; DELETE FROM billing_credit_notes;", transaction: ctx.Transaction);

    internal static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Task Settle(ProjectionContext ctx, string office, string invoiceId, long amount) =>
        ctx.Connection.ExecuteAsync(
            "UPDATE billing_invoices SET settled = settled + @amount WHERE office_id = @office AND invoice_id = @invoiceId",
            new { office, invoiceId, amount },
            ctx.Transaction);
}
