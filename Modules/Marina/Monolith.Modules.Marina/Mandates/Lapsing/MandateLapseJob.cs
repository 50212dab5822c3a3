using Dapper;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Marina.Shared;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Marina.Mandates.Lapsing;

/// <summary>Daily (06:30 Europe/Paris): a mandate unused for 36 months lapses (SEPA rulebook). A month before, the office is warned by
/// e-mail (once per lapse date: a debit in between moves the date and a new warning follows); on the date it is marked lapsed
/// (<c>marina.mandate-lapsed</c>, published) and the office is told. Both steps are idempotent.</summary>
internal sealed partial class MandateLapseJob(
    TimeProvider time, IReadModelDatabase connections, CommandHandler handler, IOfficeDirectory offices, IOfficeCalendars calendars, INotifier notifier, ILogger<MandateLapseJob> logger)
    : ScheduledJob(time)
{
    public const int WarningMonths = 1;

    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string OfficeId, string MandateId, string HolderId, string LapsesOn, string? WarnedFor)>(
            "SELECT office_id, mandate_id, holder_id, lapses_on, warned_for FROM marina_mandates WHERE status = 'active' ORDER BY office_id, mandate_id");
        foreach (var row in rows)
        {
            var profile = await offices.GetOfficeAsync(row.OfficeId, ct);
            var today = await calendars.DateOfAsync(row.OfficeId, now, ct);
            var lapsesOn = Day.Parse(row.LapsesOn);
            if (today < lapsesOn.AddMonths(-WarningMonths) || (today < lapsesOn && row.WarnedFor == row.LapsesOn))
            {
                continue;
            }

            try
            {
                await StepAsync(row.OfficeId, row.MandateId, profile, today, now, ct);
            }
            catch (Exception ex) when (ex is DomainRuleViolation or NotFoundException)
            {
                LogSkipped(logger, row.MandateId, ex.Message);
            }
        }
    }

    private async Task StepAsync(string officeId, string mandateId, OfficeProfile? profile, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        // Decide on the stream, not the read model: a debit recorded since may have moved the date.
        var mandate = (await handler.LoadAsync(Mandate.For(officeId), Mandate.StreamId(mandateId), officeId, mustExist: true, ct)).State;
        var holder = (await handler.LoadAsync(Holders.Holder.Decider, Holders.Holder.StreamId(mandate.HolderId), officeId, ct: ct)).State;
        var context = CommandContexts.ForSystem(officeId, "marina");
        var model = new
        {
            mandate.Rum,
            HolderName = holder.Name,
            LastUsedOn = Day.French(mandate.LastUsedOn),
            LapsesOn = Day.French(mandate.LapsesOn),
            LapsedOn = Day.French(today),
        };
        if (today >= mandate.LapsesOn)
        {
            await handler.HandleAsync(Mandate.For(officeId), Mandate.StreamId(mandateId), new Lapse(today, now), context, CommandOptions.ExistingStream, ct);
            await NotifyAsync(officeId, profile, $"marina/mandate/{mandateId}/lapsed", "marina.mandate-lapsed", model, ct);
        }
        else if (today >= mandate.LapsesOn.AddMonths(-WarningMonths) && mandate.LapseWarnedFor != mandate.LapsesOn)
        {
            await handler.HandleAsync(Mandate.For(officeId), Mandate.StreamId(mandateId), new WarnLapse(mandate.LapsesOn, now), context, CommandOptions.ExistingStream, ct);
            await NotifyAsync(officeId, profile, $"marina/mandate/{mandateId}/lapse-warning/{Day.Iso(mandate.LapsesOn)}", "marina.mandate-lapse-warning", model, ct);
        }
    }

    private async Task NotifyAsync(string officeId, OfficeProfile? profile, string key, string template, object model, CancellationToken ct)
    {
        if (profile?.Legal?.Email is { } to)
        {
            await notifier.SendAsync(new NotificationRequest(officeId, key, template, model, [to]), ct);
        }
        else
        {
            LogNoOfficeEmail(logger, officeId, key);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mandate {MandateId} lapse step skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string mandateId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Office {OfficeId} has no e-mail in its legal identity: {Key} not sent")]
    private static partial void LogNoOfficeEmail(ILogger logger, string officeId, string key);
}
