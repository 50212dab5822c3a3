using Dapper;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Bookings.Credits;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Bookings.GroupBookings.Details;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.Jobs;

/// <summary>Daily (07:00 Paris): scans the read models for due work, each effect keyed so a rerun does nothing twice:
/// <list type="bullet">
/// <item>quotes reaching their last days of validity → one reminder (the terms say how many days before);</item>
/// <item>intermediate and final participant counts due within 3 days → one reminder each;</item>
/// <item>a final-count deadline passed without a count → the last known count becomes the final one (late: nothing charged less),
/// which issues the final invoice;</item>
/// <item>credit notes reaching their expiry date → expired (no longer usable, not refundable).</item>
/// </list>
/// "Today" is each office's calendar date.</summary>
internal sealed partial class BookingReminders(
    TimeProvider time, IReadModelDatabase connections, GroupBookingStore bookings, CommandHandler handler, IOfficeCalendars calendars,
    ILogger<BookingReminders> logger) : ScheduledJob(time)
{
    public const int ParticipantReminderDays = 3;

    private sealed record Due(string OfficeId, string Id, string Kind);

    private sealed record DueRow(string OfficeId, string Id);

    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<Due> due;
        await using (var connection = await connections.OpenAsync(ct))
        {
            // A broad scan (offices may sit in other time zones); each office's date is checked below, the deciders refuse what is not due.
            var from = GroupBookingListProjection.D(DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1));
            var to = GroupBookingListProjection.D(DateOnly.FromDateTime(now.UtcDateTime).AddDays(31));
            // One query per kind, selecting table columns only: a constant column ('quote' AS Kind) has no declared type, and on an
            // empty result SQLite reports it as a blob, which Dapper cannot map (the job then failed on a day with nothing due).
            var args = new { from, to };
            due = [];
            foreach (var (kind, sql) in new[]
            {
                ("quote", "SELECT office_id AS OfficeId, booking_id AS Id FROM bookings_group_bookings WHERE status = 'quoted' AND valid_until >= @from AND valid_until <= @to"),
                ("intermediate", "SELECT office_id AS OfficeId, booking_id AS Id FROM bookings_group_bookings WHERE status IN ('signed', 'confirmed') AND intermediate_given = 0 AND final_given = 0 AND intermediate_deadline IS NOT NULL AND intermediate_deadline <= @to"),
                ("final", "SELECT office_id AS OfficeId, booking_id AS Id FROM bookings_group_bookings WHERE status IN ('signed', 'confirmed') AND final_given = 0 AND final_deadline <= @to"),
                ("credit", "SELECT office_id AS OfficeId, credit_note_id AS Id FROM bookings_credit_notes WHERE status = 'valid' AND expires_on <= @to"),
            })
            {
                foreach (var row in await connection.QueryAsync<DueRow>(sql, args))
                {
                    due.Add(new Due(row.OfficeId, row.Id, kind));
                }
            }
        }

        foreach (var item in due)
        {
            try
            {
                await HandleAsync(item, now, ct);
            }
            catch (DomainRuleViolation violation)
            {
                LogSkipped(logger, item.Kind, item.Id, violation.Message);
            }
        }
    }

    private async Task HandleAsync(Due item, DateTimeOffset now, CancellationToken ct)
    {
        var today = await calendars.DateOfAsync(item.OfficeId, now, ct);
        CommandContext Context(string step) => CommandContexts.ForSystem(item.OfficeId, "bookings.reminders", null,
            DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"bookings/{item.OfficeId}/{item.Id}/{step}"));
        switch (item.Kind)
        {
            case "quote":
                await bookings.HandleAsync(item.Id, new SendQuoteReminder(today, now), Context($"quote-reminder/{today:yyyyMMdd}"), ct);
                break;
            case "credit":
                var credit = (await handler.LoadAsync(CreditNote.Decider, CreditNote.StreamId(item.Id), item.OfficeId, ct: ct)).State;
                if (credit.Exists && today >= credit.ExpiresOn)
                {
                    await handler.HandleAsync(CreditNote.Decider, CreditNote.StreamId(item.Id), new ExpireCreditNote(today, now), Context("expire"), CommandOptions.ExistingStream, ct);
                }

                break;
            default:
                var kind = item.Kind == "final" ? CountKind.Final : CountKind.Intermediate;
                var s = (await bookings.LoadAsync(item.OfficeId, item.Id, ct)).State;
                var deadline = kind == CountKind.Final ? s.Deadlines.Final : s.Deadlines.Intermediate;
                if (deadline is not { } d || s.IsCancelled)
                {
                    return;
                }

                if (today > d && kind == CountKind.Final && s.FinalCount is null)
                {
                    await bookings.HandleAsync(item.Id, new RecordParticipantCount(CountKind.Final, s.IntermediateCount ?? s.Party, today, now), Context("final-count-by-default"), ct);
                }
                else if (today <= d && today >= d.AddDays(-ParticipantReminderDays))
                {
                    await bookings.HandleAsync(item.Id, new SendParticipantReminder(kind, today, now), Context($"reminder-{item.Kind}"), ct);
                }

                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bookings job skipped {Kind} {Id}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string kind, string id, string reason);
}
