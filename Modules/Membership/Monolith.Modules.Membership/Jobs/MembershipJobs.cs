using Dapper;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Membership.Orders;

namespace Monolith.Modules.Membership.Jobs;

/// <summary>Daily (07:00 Europe/Paris): reminds members who have not confirmed their published information before the due date. Steps:
/// 1 = seven days before the due date, 2 = the day before. Only the latest step due is sent (a job that did not run for a week does not
/// send both), and each step once: the order records it (the decider returns nothing when already done) and the e-mail is keyed by step.</summary>
internal sealed partial class InformationCheckReminders(
    TimeProvider time, IReadModelDatabase connections, OrderInvoicing invoicing, OrderLoader loader, ILogger<InformationCheckReminders> logger)
    : ScheduledJob(time)
{
    /// <summary>(step, days before the due date).</summary>
    public static readonly IReadOnlyList<(int Step, int DaysBefore)> Steps = [(1, 7), (2, 1)];

    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string OfficeId, string OrderId, string DueOn, string RemindersSent)>(
            "SELECT office_id, order_id, info_due_on, reminders_sent FROM membership_orders WHERE info_due_on IS NOT NULL AND info_confirmed = 0");
        var todays = new Dictionary<string, DateOnly>();
        foreach (var row in rows)
        {
            if (!todays.TryGetValue(row.OfficeId, out var today))
            {
                todays[row.OfficeId] = today = await loader.TodayAsync(row.OfficeId, now, ct);
            }

            var due = DateOnly.ParseExact(row.DueOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (today >= due)
            {
                continue;
            }

            var sent = row.RemindersSent.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
            var step = Steps.Where(s => today >= due.AddDays(-s.DaysBefore)).Select(s => (int?)s.Step).LastOrDefault();
            if (step is not { } latest || sent.Any(s => s >= latest))
            {
                continue;
            }

            try
            {
                await invoicing.RemindAsync(row.OfficeId, row.OrderId, latest, ct);
            }
            catch (Exception ex) when (ex is DomainRuleViolation or NotFoundException)
            {
                LogSkipped(logger, row.OrderId, ex is DomainRuleViolation d ? d.Code : "not-found");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Information reminder for order {OrderId} skipped: {Code}")]
    private static partial void LogSkipped(ILogger logger, string orderId, string code);
}

/// <summary>Hourly safety net — not a payment watch (payment comes as billing's published <c>InvoiceSettled</c>, which a reactor cannot
/// miss: a failing reaction is retried, then parked for an operator). What it covers is what the order-flow reactor deliberately leaves
/// behind, because retrying at once would not help: a validation whose invoicing billing refused by a rule (e.g. the office had no legal
/// identity yet — the <c>order-validated</c> event is consumed, nothing else would ask again), a confirmation or information-check e-mail
/// whose send failed (the notifier logs it, the reaction goes on). Every step is idempotent: a run with nothing left does nothing.</summary>
internal sealed partial class OrderFlowSafetyNet(
    TimeProvider time, IReadModelDatabase connections, OrderInvoicing invoicing, ILogger<OrderFlowSafetyNet> logger) : ScheduledJob(time)
{
    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string OfficeId, string OrderId, string Status)>(
            "SELECT office_id, order_id, status FROM membership_orders WHERE status = 'validated' OR (status = 'finalised' AND info_due_on IS NULL)");
        foreach (var row in rows)
        {
            try
            {
                if (row.Status == "validated")
                {
                    // Invoices if still needed and (re)sends the confirmation: both are no-ops when already done.
                    await invoicing.InvoiceAsync(row.OfficeId, row.OrderId, ct);
                }
                else
                {
                    await invoicing.RequestInformationCheckAsync(row.OfficeId, row.OrderId, ct);
                }
            }
            catch (Exception ex) when (ex is DomainRuleViolation or NotFoundException)
            {
                LogSkipped(logger, row.OrderId, ex is DomainRuleViolation d ? d.Code : "not-found", ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} left for the next run: {Code} ({Reason})")]
    private static partial void LogSkipped(ILogger logger, string orderId, string code, string reason);
}
