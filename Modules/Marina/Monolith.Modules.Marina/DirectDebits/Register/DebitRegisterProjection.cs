using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Marina.Shared;

namespace Monolith.Modules.Marina.DirectDebits.Register;

/// <summary>Read model <c>marina_debits</c>: every debit with its collection date, status, sequence type and file (message id).</summary>
internal sealed class DebitRegisterProjection : IProjection
{
    public string Name => "marina.debits";

    public bool Handles(string eventType) => eventType is "marina.debit-scheduled" or "marina.debit-run-sealed" or "marina.debit-settled"
        or "marina.debit-rejected";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        switch (await ctx.DecodeAsync(e, ct))
        {
            case DebitScheduled s:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO marina_debits (office_id, debit_id, collection_date, holder_id, invoice_id, invoice_number, amount, mandate_id, rum, status)
                    VALUES (@office, @DebitId, @Date, @HolderId, @InvoiceId, @InvoiceNumber, @Amount, @MandateId, @Rum, 'scheduled')
                    ON CONFLICT (office_id, debit_id) DO NOTHING
                    """,
                    new
                    {
                        office,
                        s.Debit.DebitId,
                        Date = Day.Iso(s.CollectionDate),
                        s.Debit.HolderId,
                        s.Debit.InvoiceId,
                        s.Debit.InvoiceNumber,
                        s.Debit.Amount,
                        s.Debit.MandateId,
                        s.Debit.Rum,
                    },
                    ctx.Transaction);
                break;
            case DebitRunSealed r:
                foreach (var d in r.Debits)
                {
                    await ctx.Connection.ExecuteAsync(
                        "UPDATE marina_debits SET status = 'sealed', sequence = @Sequence, message_id = @MessageId WHERE office_id = @office AND debit_id = @DebitId",
                        new { office, d.DebitId, Sequence = d.Sequence.ToString(), r.MessageId }, ctx.Transaction);
                }

                break;
            case DebitSettled s:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE marina_debits SET status = 'settled' WHERE office_id = @office AND debit_id = @DebitId", new { office, s.DebitId }, ctx.Transaction);
                break;
            case DebitRejected r:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE marina_debits SET status = 'rejected', reason_code = @ReasonCode WHERE office_id = @office AND debit_id = @DebitId",
                    new { office, r.DebitId, r.ReasonCode }, ctx.Transaction);
                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM marina_debits;", transaction: ctx.Transaction);
}
