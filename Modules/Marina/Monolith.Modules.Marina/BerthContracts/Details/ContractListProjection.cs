using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Marina.Holders;
using Monolith.Modules.Marina.Shared;

namespace Monolith.Modules.Marina.BerthContracts.Details;

/// <summary>Read models <c>marina_contracts</c> (one row per contract, its signature progress) and <c>marina_invoices</c> (every invoice
/// billing issued at the marina's request: the contracts' and the services' — the registration proof and the direct-debit run read it).</summary>
internal sealed class ContractListProjection : IProjection
{
    public string Name => "marina.contracts";

    public bool Handles(string eventType) => eventType is "marina.contract-drafted" or "marina.contract-changed" or "marina.signature-step-accepted"
        or "marina.contract-signed" or "marina.contract-invoice-attached" or "marina.service-invoice-attached"
        or "marina.contract-tacitly-renewed";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        switch (await ctx.DecodeAsync(e, ct))
        {
            case ContractDrafted d:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO marina_contracts (office_id, contract_id, holder_id, berth_id, boat_id, season, season_start, season_end, version, status,
                                                  total_ttc, renewal_of)
                    VALUES (@office, @ContractId, @HolderId, @BerthId, @BoatId, @Year, @Start, @End, 1, 'draft', @TotalTtc, @RenewalOf)
                    ON CONFLICT (office_id, contract_id) DO NOTHING
                    """,
                    new
                    {
                        office,
                        d.ContractId,
                        d.HolderId,
                        d.Terms.BerthId,
                        d.Terms.BoatId,
                        d.Season.Year,
                        Start = Day.Iso(d.Season.Start),
                        End = Day.Iso(d.Season.End),
                        d.TotalTtc,
                        d.RenewalOf,
                    },
                    ctx.Transaction);
                break;
            case ContractChanged c:
                await ctx.Connection.ExecuteAsync(
                    """
                    UPDATE marina_contracts SET version = @Version, berth_id = @BerthId, boat_id = @BoatId, total_ttc = @TotalTtc, steps_done = 0
                    WHERE office_id = @office AND contract_id = @ContractId
                    """,
                    new { office, c.ContractId, c.Version, c.Terms.BerthId, c.Terms.BoatId, c.TotalTtc }, ctx.Transaction);
                break;
            case SignatureStepAccepted s:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE marina_contracts SET steps_done = @Step WHERE office_id = @office AND contract_id = @ContractId",
                    new { office, s.ContractId, s.Step }, ctx.Transaction);
                break;
            case ContractSigned s:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE marina_contracts SET status = 'signed', signed_at = @At WHERE office_id = @office AND contract_id = @ContractId",
                    new { office, s.ContractId, At = s.SignedAt.ToString("O") }, ctx.Transaction);
                break;
            case ContractTacitlyRenewed t:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE marina_contracts SET status = 'tacitly-renewed' WHERE office_id = @office AND contract_id = @ContractId",
                    new { office, t.ContractId }, ctx.Transaction);
                break;
            case ContractInvoiceAttached i:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE marina_contracts SET invoice_id = @InvoiceId, invoice_number = @Number WHERE office_id = @office AND contract_id = @ContractId",
                    new { office, i.ContractId, i.Invoice.InvoiceId, i.Invoice.Number }, ctx.Transaction);
                await Invoice(ctx, office, i.HolderId, i.ContractId, i.Invoice);
                break;
            case ServiceInvoiceAttached s:
                await Invoice(ctx, office, s.HolderId, null, s.Invoice);
                break;
        }
    }

    private static Task Invoice(ProjectionContext ctx, string office, string holderId, string? contractId, MarinaInvoice i) =>
        ctx.Connection.ExecuteAsync(
            """
            INSERT INTO marina_invoices (office_id, invoice_id, number, holder_id, contract_id, label, issue_date, due_date, total_ttc)
            VALUES (@office, @InvoiceId, @Number, @holderId, @contractId, @Label, @IssueDate, @DueDate, @TotalTtc)
            ON CONFLICT (office_id, invoice_id) DO NOTHING
            """,
            new { office, i.InvoiceId, i.Number, holderId, contractId, i.Label, IssueDate = Day.Iso(i.IssueDate), DueDate = Day.Iso(i.DueDate), i.TotalTtc },
            ctx.Transaction);

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM marina_contracts; DELETE FROM marina_invoices;", transaction: ctx.Transaction);
}
