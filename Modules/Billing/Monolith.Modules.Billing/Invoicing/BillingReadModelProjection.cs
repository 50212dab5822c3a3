using System.Globalization;
using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Documents;

namespace Monolith.Modules.Billing.Invoicing;

/// <summary>Read models <c>billing_invoices</c> (the invoice list, with what is settled on each) and <c>billing_credit_notes</c>.</summary>
internal sealed class BillingReadModelProjection : IProjection
{
    public string Name => "billing.invoices";

    public bool Handles(string eventType) => eventType is "billing.invoice-issued" or "billing.credit-note-issued" or "billing.payment-allocated"
        or "billing.customer-credit-used" or "billing.credit-note-applied" or "billing.payment-returned";

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
            case PaymentReturned r:
                foreach (var a in r.Allocations)
                {
                    await Settle(ctx, office, a.InvoiceId, -a.Amount);
                }

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
