using Dapper;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Marina.Shared;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Marina.DirectDebits.Running;

/// <summary>Daily (06:00 Europe/Paris), per office with an active mandate: (1) prepare — schedule the debits of open invoices and send
/// the pre-notifications, at least 14 calendar days ahead; (2) seal the runs whose collection date is within
/// <see cref="MarinaOptions.SealDaysBefore"/> days (the file is then downloaded by staff for the bank); (3) settle the runs whose
/// collection date has come. Staff can run the same steps by hand.</summary>
internal sealed partial class DirectDebitJob(
    TimeProvider time, IReadModelDatabase connections, DirectDebitService debits, IOfficeCalendars calendars, MarinaOptions options, ILogger<DirectDebitJob> logger)
    : ScheduledJob(time)
{
    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var officeIds = await connection.QueryAsync<string>(
            "SELECT DISTINCT office_id FROM marina_mandates WHERE status = 'active' UNION SELECT DISTINCT office_id FROM marina_debits ORDER BY 1");
        foreach (var officeId in officeIds)
        {
            var today = await calendars.DateOfAsync(officeId, now, ct);
            await StepAsync(officeId, "prepare", () => debits.PrepareAsync(officeId, today, ct));
            var runs = await connection.QueryAsync<(string Date, string Status)>(
                "SELECT DISTINCT collection_date, status FROM marina_debits WHERE office_id = @officeId AND status IN ('scheduled', 'sealed')", new { officeId });
            foreach (var (date, status) in runs)
            {
                var collectionDate = Day.Parse(date);
                if (status == "scheduled" && collectionDate.DayNumber - today.DayNumber <= options.SealDaysBefore)
                {
                    await StepAsync(officeId, "seal", () => debits.SealAsync(officeId, collectionDate, ct));
                }
                else if (status == "sealed" && collectionDate <= today)
                {
                    await StepAsync(officeId, "settle", () => debits.SettleAsync(officeId, collectionDate, today, ct));
                }
            }
        }
    }

    private async Task StepAsync<T>(string officeId, string step, Func<Task<T>> run)
    {
        try
        {
            await run();
        }
        catch (Exception ex) when (ex is DomainRuleViolation or NotFoundException)
        {
            LogSkipped(logger, step, officeId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct-debit {Step} for office {OfficeId} skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string step, string officeId, string reason);
}
