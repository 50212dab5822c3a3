using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Marina.BerthContracts.Drafting;
using Monolith.Modules.Marina.BerthContracts.Invoicing;
using Monolith.Modules.Marina.Holders;
using Monolith.Modules.Marina.Ports;
using Monolith.Modules.Marina.Shared;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Marina.BerthContracts.Renewing;

/// <summary>Daily (07:00 Europe/Paris), per office: (1) on the renewal date the office set, proposes next season's contract to every holder
/// whose contract of the season before is in force — same berth, boat and options, priced from the new price list — and e-mails them;
/// the holder accepts by signing it in three steps, which invoices it; (2) on the tacit-renewal date, if the office chose one, the
/// proposals not signed are renewed and invoiced; (3) invoices any contract in force whose invoice is missing (billing refused it
/// earlier). Every step is idempotent (deterministic renewal ids, deciders, e-mails keyed by contract).</summary>
internal sealed partial class RenewalJob(
    TimeProvider time, IReadModelDatabase connections, CommandHandler handler, IOfficeDirectory offices, IOfficeCalendars calendars, INotifier notifier, MarinaOptions options,
    IServiceProvider services, ILogger<RenewalJob> logger) : ScheduledJob(time)
{
    public static string RenewalId(string contractId, int season) => $"r{season}-{contractId}";

    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        foreach (var officeId in await connection.QueryAsync<string>("SELECT DISTINCT office_id FROM marina_contracts ORDER BY 1"))
        {
            var profile = await offices.GetOfficeAsync(officeId, ct);
            var today = await calendars.DateOfAsync(officeId, now, ct);
            var port = (await handler.LoadAsync(Port.Decider, Port.StreamId(officeId), officeId, ct: ct)).State;
            foreach (var plan in port.Renewals.Values.Where(p => today >= p.ProposeOn))
            {
                var due = await connection.QueryAsync<string>(
                    """
                    SELECT c.contract_id FROM marina_contracts c
                    WHERE c.office_id = @officeId AND c.season = @previous AND c.status IN ('signed', 'tacitly-renewed')
                      AND NOT EXISTS (SELECT 1 FROM marina_contracts r WHERE r.office_id = c.office_id AND r.renewal_of = c.contract_id)
                    """,
                    new { officeId, previous = plan.Season - 1 });
                foreach (var contractId in due)
                {
                    await SafelyAsync(contractId, () => ProposeAsync(officeId, profile, port, plan, contractId, now, ct));
                }

                if (plan.TacitRenewalOn is { } tacit && today >= tacit)
                {
                    var unsigned = await connection.QueryAsync<string>(
                        "SELECT contract_id FROM marina_contracts WHERE office_id = @officeId AND season = @season AND status = 'draft' AND renewal_of IS NOT NULL",
                        new { officeId, season = plan.Season });
                    foreach (var contractId in unsigned)
                    {
                        await SafelyAsync(contractId, () => handler.HandleAsync(BerthContract.For(officeId), BerthContract.StreamId(contractId), new RenewTacitly(today, now),
                            CommandContexts.ForSystem(officeId, "marina"), CommandOptions.ExistingStream, ct));
                    }
                }
            }

            var uninvoiced = await connection.QueryAsync<string>(
                "SELECT contract_id FROM marina_contracts WHERE office_id = @officeId AND status IN ('signed', 'tacitly-renewed') AND invoice_id IS NULL",
                new { officeId });
            foreach (var contractId in uninvoiced)
            {
                await SafelyAsync(contractId, () => InvoiceOnSigned.InvoiceAsync(services, officeId, contractId,
                    DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"marina-invoice/{officeId}/{contractId}"), ct));
            }
        }
    }

    private async Task ProposeAsync(string officeId, OfficeProfile? profile, PortState port, RenewalPlan plan, string previousId, DateTimeOffset now, CancellationToken ct)
    {
        var previous = (await handler.LoadAsync(BerthContract.For(officeId), BerthContract.StreamId(previousId), officeId, mustExist: true, ct)).State;
        var holder = (await handler.LoadAsync(Holder.Decider, Holder.StreamId(previous.HolderId), officeId, mustExist: true, ct)).State;
        var terms = await offices.GetTermsInForceAsync(officeId, port.PriceLists[plan.Season].SeasonStart, ct);
        var optionCodes = previous.Terms!.Lines.Where(l => l.Code != "berth").Select(l => l.Code).ToList();
        var (season, priced) = ContractPricing.Price(port, holder, plan.Season, previous.Terms.BerthId, previous.Terms.BoatId, optionCodes, terms?.Version);
        var renewalId = RenewalId(previousId, plan.Season);
        await handler.HandleAsync(BerthContract.For(officeId), BerthContract.StreamId(renewalId),
            new DraftContract(renewalId, holder.HolderId!, season, priced, previousId, now), CommandContexts.ForSystem(officeId, "marina"), ct: ct);
        if (holder.Email is not null)
        {
            var berth = port.Berths.GetValueOrDefault(priced.BerthId);
            await notifier.SendAsync(new NotificationRequest(officeId, $"marina/renewal/{renewalId}/proposed", "marina.renewal-proposed", new
            {
                HolderName = holder.Name,
                Season = plan.Season,
                SeasonStart = Day.French(season.Start),
                SeasonEnd = Day.French(season.End),
                Berth = berth is null ? priced.BerthId : $"ponton {berth.Pontoon}, place n° {berth.Number}",
                TotalTtc = Euros.Format(priced.TotalTtc),
                TacitRenewalOn = plan.TacitRenewalOn is { } t ? Day.French(t) : null,
                Link = options.PortalLink(officeId, $"/contrats/{renewalId}"),
                PortName = profile?.Legal?.LegalName ?? profile?.Name ?? officeId,
            }, [holder.Email]), ct);
        }
    }

    private async Task SafelyAsync(string contractId, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception ex) when (ex is DomainRuleViolation or NotFoundException)
        {
            LogSkipped(logger, contractId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewal step for contract {ContractId} skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string contractId, string reason);
}
