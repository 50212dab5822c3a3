using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Marina.Shared;

namespace Monolith.Modules.Marina.Mandates.Register;

/// <summary>Read model <c>marina_mandates</c>: each mandate's status, last use and lapse date (the lapse job and the debit run read it).
/// No IBAN here: it stays encrypted in the mandate's stream.</summary>
internal sealed class MandateRegisterProjection : IProjection
{
    public string Name => "marina.mandates";

    public bool Handles(string eventType) => eventType is "marina.mandate-signed" or "marina.mandate-debited" or "marina.mandate-debit-rejected"
        or "marina.mandate-lapse-warned" or "marina.mandate-lapsed";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        switch (await ctx.DecodeAsync(e, ct))
        {
            case MandateSigned s:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO marina_mandates (office_id, mandate_id, holder_id, contract_id, rum, status, signed_on, last_used_on, lapses_on)
                    VALUES (@office, @MandateId, @HolderId, @ContractId, @Rum, 'active', @On, @On, @LapsesOn)
                    ON CONFLICT (office_id, mandate_id) DO NOTHING
                    """,
                    new { office, s.MandateId, s.HolderId, s.ContractId, s.Rum, On = Day.Iso(s.SignedOn), LapsesOn = Day.Iso(s.SignedOn.AddMonths(Mandate.LapseMonths)) },
                    ctx.Transaction);
                break;
            case MandateDebited or MandateDebitRejected:
                await Use(ctx, office, (MandateEvent)(await ctx.DecodeAsync(e, ct))!);
                break;
            case MandateLapseWarned w:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE marina_mandates SET warned_for = @For WHERE office_id = @office AND mandate_id = @MandateId",
                    new { office, w.MandateId, For = Day.Iso(w.LapsesOn) }, ctx.Transaction);
                break;
            case MandateLapsed l:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE marina_mandates SET status = 'lapsed' WHERE office_id = @office AND mandate_id = @MandateId",
                    new { office, l.MandateId }, ctx.Transaction);
                break;
        }
    }

    /// <summary>The last use is the latest collection date of a debit not rejected (else the signature date).</summary>
    private static async Task Use(ProjectionContext ctx, string office, MandateEvent @event)
    {
        var mandateId = @event.MandateId;
        switch (@event)
        {
            case MandateDebited d:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO marina_mandate_uses (office_id, mandate_id, debit_id, collection_date, rejected) VALUES (@office, @mandateId, @DebitId, @On, 0)
                    ON CONFLICT DO NOTHING
                    """,
                    new { office, mandateId, d.DebitId, On = Day.Iso(d.CollectionDate) }, ctx.Transaction);
                break;
            case MandateDebitRejected r:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE marina_mandate_uses SET rejected = 1 WHERE office_id = @office AND mandate_id = @mandateId AND debit_id = @DebitId",
                    new { office, mandateId, r.DebitId }, ctx.Transaction);
                break;
        }

        var lastUsed = await ctx.Connection.QuerySingleAsync<string>(
            """
            SELECT COALESCE((SELECT MAX(collection_date) FROM marina_mandate_uses WHERE office_id = @office AND mandate_id = @mandateId AND rejected = 0),
                            (SELECT signed_on FROM marina_mandates WHERE office_id = @office AND mandate_id = @mandateId))
            """,
            new { office, mandateId }, ctx.Transaction);
        await ctx.Connection.ExecuteAsync(
            "UPDATE marina_mandates SET last_used_on = @lastUsed, lapses_on = @lapsesOn WHERE office_id = @office AND mandate_id = @mandateId",
            new { office, mandateId, lastUsed, lapsesOn = Day.Iso(Day.Parse(lastUsed).AddMonths(Mandate.LapseMonths)) }, ctx.Transaction);
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM marina_mandates; DELETE FROM marina_mandate_uses;", transaction: ctx.Transaction);
}
