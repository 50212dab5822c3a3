using Dapper;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Audit;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Closures;

/// <summary>Every hour (UTC), for each office that bills: closes every day of the office's calendar (its own time zone) that ended at
/// least <see cref="ClosureRunner.Grace"/> ago and is not closed yet, in order — so each office's days close shortly after its own
/// midnight and a host that was down catches up. Idempotent: a closed day is "already done".</summary>
internal sealed class ClosureJob(IReadModelDatabase connections, ClosureRunner runner, TimeProvider time) : ScheduledJob(time)
{
    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        IReadOnlyList<string> officeIds;
        await using (var connection = await connections.OpenAsync(ct))
        {
            officeIds = [.. await connection.QueryAsync<string>(
                "SELECT office_id FROM billing_invoices UNION SELECT office_id FROM billing_credit_notes ORDER BY 1")];
        }

        foreach (var officeId in officeIds)
        {
            await runner.CloseDueDaysAsync(officeId, now, ct);
        }
    }
}

/// <summary>Computes and records the closures of an office (ADR 0021). A day's totals come from the office's events recorded that day
/// (office-local date of the store's recorded-at), read from the log after the previous closure's chain head: invoices and credit notes
/// (per VAT rate, the office's own lines; lines collected for providers as third-party funds), payments received, returned and refunded (per method). A fact recorded after its day was closed (a payment received
/// on a closed day, entered later) is counted in the period it is recorded in, keeps its own date and is counted as late. The closure's
/// chain head is the office's last event of the day; its document is signed, archived outside the database and e-mailed to the
/// addresses of the office setting <see cref="RecipientsSetting"/> (its accountants).</summary>
internal sealed partial class ClosureRunner(
    CommandHandler handler,
    IEventStore store,
    EventSerializer serializer,
    IOfficeDirectory offices,
    ChainAnchors anchors,
    ClosurePdf pdf,
    INotifier notifier,
    ILogger<ClosureRunner> logger)
{
    /// <summary>Terms-of-sale setting: comma-separated e-mail addresses that receive every closure document (the office's accountants).</summary>
    public const string RecipientsSetting = "billing.closure-recipients";

    /// <summary>A day is closed once it ended this long ago (appends in flight at midnight have committed).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    private const int Page = 1000;
    private const int YearsBack = 10;

    /// <summary>Closes every due day of the office, oldest first; returns the closures recorded now.</summary>
    public async Task<IReadOnlyList<PeriodClosed>> CloseDueDaysAsync(string officeId, DateTimeOffset now, CancellationToken ct = default)
    {
        var office = await offices.GetOfficeAsync(officeId, ct);
        var timeZone = office?.TimeZone ?? OfficeCalendar.DefaultTimeZone;
        var lastDue = OfficeCalendar.DateOf(now - Grace, timeZone).AddDays(-1);
        var recorded = new List<PeriodClosed>();
        var context = CommandContexts.ForSystem(officeId, "billing.closures");
        while (true)
        {
            var (state, _) = await LatestAsync(officeId, lastDue.Year, ct);
            DateOnly next;
            if (state.LastClosedDay is { } last)
            {
                next = last.AddDays(1);
                if (state.Last is { } latest)
                {
                    await ArchiveAsync(latest, ct); // completes an archive write interrupted by a crash (same bytes)
                }
            }
            else if (await FirstDayAsync(officeId, timeZone, ct) is { } first)
            {
                next = first;
            }
            else
            {
                return recorded; // no event at all for this office yet
            }

            if (next > lastDue)
            {
                return recorded;
            }

            var (totals, head) = await ScanDayAsync(officeId, timeZone, next, state.Head, ct);
            var closures = Closures(officeId, next, state, totals, head, now);
            var result = await handler.HandleAsync(
                PeriodClosures.Decider, PeriodClosures.StreamId(officeId, next.Year), new RecordDayClosure(next, closures), context, ct: ct);
            foreach (var closure in result.NewEvents.OfType<PeriodClosed>())
            {
                recorded.Add(closure);
                await MailAsync(closure, await ArchiveAsync(closure, ct), ct);
            }
        }
    }

    /// <summary>The latest closures state of the office: the stream of <paramref name="year"/> or, when it has none, of the most recent
    /// earlier year that has (whose state carries the grand total and chain head on).</summary>
    public async Task<(ClosuresState State, int Year)> LatestAsync(string officeId, int year, CancellationToken ct)
    {
        for (var y = year; y > year - YearsBack; y--)
        {
            var loaded = await handler.LoadAsync(PeriodClosures.Decider, PeriodClosures.StreamId(officeId, y), officeId, ct: ct);
            if (loaded.Exists)
            {
                return (loaded.State, y);
            }
        }

        return (ClosuresState.Initial, year);
    }

    /// <summary>The last closed day of the office, if any (billing's commands refuse to record anything on it or before).</summary>
    public async Task<DateOnly?> LastClosedDayAsync(string officeId, DateOnly today, CancellationToken ct) =>
        (await LatestAsync(officeId, today.Year, ct)).State.LastClosedDay;

    private List<PeriodClosed> Closures(string officeId, DateOnly day, ClosuresState state, ClosureTotals totals, ChainHead head, DateTimeOffset now)
    {
        var grand = state.GrandTotal.Add(totals);
        var closures = new List<PeriodClosed> { Sign(officeId, ClosureKind.Day, day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), day, day, totals, grand, head, now) };
        var sameMonth = state.LastClosedDay is { } last && last.Year == day.Year && last.Month == day.Month;
        var sameYear = state.LastClosedDay is { } previous && previous.Year == day.Year;
        if (day.AddDays(1).Month != day.Month)
        {
            var month = (sameMonth ? state.MonthToDate : ClosureTotals.Zero).Add(totals);
            closures.Add(Sign(officeId, ClosureKind.Month, day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), new DateOnly(day.Year, day.Month, 1), day, month, grand, head, now));
        }

        if (day.Month == 12 && day.Day == 31)
        {
            var year = (sameYear ? state.YearToDate : ClosureTotals.Zero).Add(totals);
            closures.Add(Sign(officeId, ClosureKind.Year, day.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), new DateOnly(day.Year, 1, 1), day, year, grand, head, now));
        }

        return closures;
    }

    private PeriodClosed Sign(string officeId, ClosureKind kind, string period, DateOnly from, DateOnly to, ClosureTotals totals, PerpetualTotals grand, ChainHead head, DateTimeOffset now)
    {
        var unsigned = new PeriodClosed(officeId, kind, period, from, to, totals, grand, head, "", now, PeriodClosed.ThirdPartySeparated);
        return unsigned with { Signature = anchors.Sign(ClosureDocument.Of(unsigned).ToJson()) };
    }

    /// <summary>Reads the log after <paramref name="previous"/>'s position and sums the office's events of <paramref name="day"/> (stops
    /// at the office's first event of a later day).</summary>
    private async Task<(ClosureTotals Totals, ChainHead Head)> ScanDayAsync(string officeId, string timeZone, DateOnly day, ChainHead previous, CancellationToken ct)
    {
        var totals = new ClosureTotalsBuilder();
        var head = previous;
        var after = previous.Position;
        while (true)
        {
            var page = await store.ReadAllAsync(after, Page, ct);
            foreach (var recorded in page)
            {
                if (recorded.Metadata.TenantId != officeId)
                {
                    continue;
                }

                if (OfficeCalendar.DateOf(recorded.RecordedAt, timeZone) > day)
                {
                    return (totals.Build(), head);
                }

                head = new ChainHead(recorded.Position, recorded.OfficeHash ?? "", head.OfficeEvents + 1);
                if (recorded.Type.StartsWith("billing.", StringComparison.Ordinal))
                {
                    Count(totals, (await serializer.DeserializeAsync(recorded, ct)).Event, day);
                }
            }

            if (page.Count < Page)
            {
                return (totals.Build(), head);
            }

            after = page[^1].Position;
        }
    }

    private static void Count(ClosureTotalsBuilder totals, object @event, DateOnly day)
    {
        switch (@event)
        {
            case InvoiceIssued i: // the office's own sales per rate; lines collected for providers are third-party funds (ADR 0022)
                totals.Invoice(Documents.DocumentLine.OwnTotals(i.Lines));
                totals.ThirdParty(i.Lines.Where(l => l.OnBehalfOf is not null).Sum(l => l.Ttc));
                break;
            case CreditNoteIssued c:
                totals.CreditNote(Documents.DocumentLine.OwnTotals(c.Lines));
                totals.ThirdParty(-c.Lines.Where(l => l.OnBehalfOf is not null).Sum(l => l.Ttc));
                break;
            case PaymentReceived p:
                totals.Payment(p.Details.Method, p.Amount, 0, 0);
                if (p.ReceivedOn < day)
                {
                    totals.Late();
                }

                break;
            case PaymentReturned r:
                totals.Payment(r.Method, 0, r.Amount, 0);
                break;
            case RefundRecorded r:
                totals.Payment(r.Details.Method, 0, 0, r.Amount);
                break;
        }
    }

    /// <summary>The office-local date of the office's first event (the first day to close), null when it has none.</summary>
    private async Task<DateOnly?> FirstDayAsync(string officeId, string timeZone, CancellationToken ct)
    {
        var after = 0L;
        while (true)
        {
            var page = await store.ReadAllAsync(after, Page, ct);
            if (page.FirstOrDefault(e => e.Metadata.TenantId == officeId) is { } first)
            {
                return OfficeCalendar.DateOf(first.RecordedAt, timeZone);
            }

            if (page.Count < Page)
            {
                return null;
            }

            after = page[^1].Position;
        }
    }

    /// <summary>Writes the signed document (with the signature the closure event recorded: ECDSA signatures are randomised) and its PDF
    /// (printed once); returns the PDF, or null when the server cannot print.</summary>
    private async Task<byte[]?> ArchiveAsync(PeriodClosed closure, CancellationToken ct)
    {
        await anchors.WriteAsync(closure.OfficeId, closure.FileName, ClosureDocument.Of(closure).ToJson(), closure.Signature, ct);
        return await pdf.EnsureArchivedAsync(closure, ct);
    }

    private async Task MailAsync(PeriodClosed closure, byte[]? document, CancellationToken ct)
    {
        var terms = await offices.GetTermsInForceAsync(closure.OfficeId, closure.To, ct);
        var recipients = (terms?.Settings.GetValueOrDefault(RecipientsSetting) ?? "")
            .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (recipients.Length == 0)
        {
            LogNoRecipient(logger, closure.OfficeId, closure.FileName);
            return;
        }

        var json = ClosureDocument.Of(closure).ToJson();
        var model = new ClosureMailModel(closure.Label, BuildingBlocks.Money.Euros.Format(closure.Totals.NetSalesTtc), BuildingBlocks.Money.Euros.Format(closure.GrandTotal.NetSalesTtc), closure.Head.Position);
        await notifier.SendAsync(
            new NotificationRequest(
                closure.OfficeId, $"billing/closure/{closure.FileName}", "billing.closure-email", model, recipients,
                [
                    new EmailAttachment(closure.FileName + ".json", "application/json", System.Text.Encoding.UTF8.GetBytes(json)),
                    new EmailAttachment(closure.FileName + ".json.sig", "text/plain", System.Text.Encoding.ASCII.GetBytes(closure.Signature + "\n")),
                    .. document is null ? Array.Empty<EmailAttachment>() : [new EmailAttachment(closure.FileName + ".pdf", "application/pdf", document)],
                ]),
            ct);
    }

    internal sealed record ClosureMailModel(string Label, string NetSales, string GrandTotal, long HeadPosition);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Closure {File} of office {OfficeId} archived but not e-mailed: no billing.closure-recipients setting")]
    private static partial void LogNoRecipient(ILogger logger, string officeId, string file);
}
