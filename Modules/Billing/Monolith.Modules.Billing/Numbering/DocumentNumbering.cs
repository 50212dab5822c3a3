using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;

namespace Monolith.Modules.Billing.Numbering;

/// <summary>A document numbered in its series, as stored; <paramref name="AlreadyIssued"/> when the idempotency key was numbered
/// before (by this or an earlier call).</summary>
internal sealed record NumberedDocument(RegisterEvent Document, bool AlreadyIssued);

/// <summary>Numbering at flat cost (ADR 0010): finds the open day of a series (the last event of the year's days list), closes the
/// previous day and opens today's when the date has changed, and numbers the document in the open day with the generic handler — so
/// issuing folds one day's stream, never the year.
/// <para>Opening a day is three appends, each idempotent and each checked on the next call, so a crash between any two is completed by
/// whoever issues next: (1) close the last day (its close carries the last number, hash and totals); (2) list the new day after it in
/// the days stream (with its first number); (3) open the new day's stream from the close. A listed day that is not opened is opened from
/// its predecessor's close; a closed day with nothing listed after it gets today listed after it.</para>
/// <para>Idempotency by key across days: the document's event id derives from its key (<paramref name="documentSeed"/>), and the event
/// store refuses an event id that another stream already holds, in the same transaction as the append.</para></summary>
internal sealed class DocumentNumbering(
    CommandHandler handler, IEventStore store, EventSerializer serializer, TimeProvider time, Closures.ClosedPeriods? closures = null)
{
    /// <summary>Concurrent issuing in one day conflicts on the expected revision: each loser reloads and takes the next number. The
    /// numbering streams' folds are cached by the handler (<see cref="CommandOptions.CachedFold"/>): issuing reads only the documents
    /// numbered since the last issue, so a day's thousandth invoice costs what its first did (ADR 0010; the cache is an optimisation
    /// only — another host numbering meanwhile makes the append conflict, and the retry reads what it appended).</summary>
    private static readonly CommandOptions Numbering = new(MaxRetries: 1000, CachedFold: true);

    private const int MaxResolutions = 100;

    public async Task<NumberedDocument> IssueAsync(
        DocumentSeries series,
        string officeId,
        string timeZone,
        string key,
        Guid documentSeed,
        Func<DateTimeOffset, RegisterCommand> command,
        CommandContext context,
        CancellationToken ct)
    {
        var issueContext = context with { Expected = null, DeterministicIdSeed = documentSeed };
        var documentEventId = DeterministicGuid.ForEvent(documentSeed, 0);
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var today = DocumentRegister.LocalDate(now, timeZone);
            if (closures is not null)
            {
                await closures.EnsureOpenAsync(officeId, today, ct); // nothing is numbered on a closed day (ADR 0021)
            }

            var day = await OpenDayAsync(series, officeId, today, context, ct);
            var stream = series.DayStreamId(officeId, day);
            CommandResult<RegisterEvent, RegisterState> result;
            try
            {
                result = await handler.HandleAsync(DocumentRegister.Decider, stream, command(now), issueContext, Numbering, ct);
            }
            catch (DomainRuleViolation e) when (e.Code is "numbering.day-closed" or "numbering.day-not-open" && attempt < MaxResolutions)
            {
                continue; // the day was closed (midnight passed) between finding it and numbering in it: find the open day again
            }
            catch (DuplicateEventIdException e) when (e.EventId == documentEventId && e.ExistingStreamId is { } existing)
            {
                // Numbered on an earlier day: the store refused the second document in the same transaction, nothing was written.
                return new NumberedDocument(
                    await FindEventAsync(existing, documentEventId, officeId, ct) ?? throw new InvalidOperationException($"Document {key} is missing from '{existing}'."),
                    AlreadyIssued: true);
            }

            var state = result.State;
            if (result.NewEvents.Count == 1)
            {
                // Normally the document just appended. But the store takes an append whose first event id is already in the stream for a
                // retry of that append and answers its original result: a concurrent call for the same key won, possibly after other
                // documents — then what is stored is that call's document, not the number decided here.
                var document = result.NewEvents[0];
                var stored = await LastDocumentUpToAsync(stream, result.Revision, officeId, ct);
                return stored is null || Sequence(stored) == Sequence(document)
                    ? new NumberedDocument(document, AlreadyIssued: false)
                    : new NumberedDocument(stored, AlreadyIssued: true);
            }

            var known = state.ByKey[key];
            return new NumberedDocument(
                await FindInDayAsync(stream, state.FirstSequence, known.Sequence, officeId, ct)
                    ?? throw new InvalidOperationException($"'{stream}' has no document {known.Number}."),
                AlreadyIssued: true);
        }
    }

    /// <summary>The document of number <paramref name="sequence"/> of a series and year: a binary search over the year's days (one
    /// event per day), then that day's rows, where only the document's row is decoded. Numbers issued before numbering days existed are read
    /// from the year's stream (revision = sequence − 1). Null when absent or another office's.</summary>
    public async Task<RegisterEvent?> FindAsync(DocumentSeries series, string officeId, int year, int sequence, CancellationToken ct)
    {
        var daysStream = series.DaysStreamId(officeId, year);
        var last = await store.ReadStreamAsync(daysStream, ReadDirection.Backwards, null, 1, ct);
        NumberingDayListed? holder = null;
        if (last.Count == 1)
        {
            long low = 0, high = last[0].Revision;
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                var listed = await ListedAtAsync(daysStream, middle, officeId, ct);
                if (listed is null)
                {
                    return null;
                }

                if (listed.FirstSequence <= sequence)
                {
                    holder = listed;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }
        }

        var found = holder is null
            ? await ReadAtAsync(series.YearStreamId(officeId, year), sequence - 1L, officeId, ct) // one document per event there
            : await FindInDayAsync(series.DayStreamId(officeId, holder.Day), holder.FirstSequence, sequence, officeId, ct);
        return found is not null && Sequence(found) == sequence ? found : null;
    }

    /// <summary>The open day for a command of office-local date <paramref name="today"/>: today's, opened now if needed (closing the
    /// previous day), or a later day already open (a command decided before midnight that lost the race is numbered on the new day).</summary>
    internal async Task<DateOnly> OpenDayAsync(DocumentSeries series, string officeId, DateOnly today, CommandContext context, CancellationToken ct)
    {
        var system = context with { Expected = null, DeterministicIdSeed = null };
        for (var attempt = 0; attempt < MaxResolutions; attempt++)
        {
            var latest = await LastListedAsync(series, officeId, today.Year, ct);
            if (latest is null)
            {
                var start = await YearStartAsync(series, officeId, today.Year, system, ct);
                if (await TryListAsync(series, officeId, today, null, start.LastSequence + 1, system, ct))
                {
                    await OpenAsync(series, officeId, today, start, system, ct);
                    return today;
                }

                continue;
            }

            var stream = series.DayStreamId(officeId, latest.Day);
            var loaded = (await handler.LoadCachedAsync(DocumentRegister.Decider, stream, officeId, ct)).State;
            if (!loaded.Opened)
            {
                // Listed, then the process stopped before opening it: open it from its predecessor's close.
                await OpenAsync(series, officeId, latest.Day, await CarryBeforeAsync(series, officeId, latest, system, ct), system, ct);
                continue;
            }

            if (latest.Day >= today)
            {
                if (!loaded.Closed)
                {
                    return latest.Day;
                }

                // Only an issuer of a later day closes a day; it stopped before listing its day. Our clock is behind its.
                throw new DomainRuleViolation(
                    "numbering.day-closed", $"La journée de facturation du {latest.Day:dd/MM/yyyy} est close : réessayez dans un instant.", isConflict: true);
            }

            var closed = loaded.Closed
                ? loaded
                : (await handler.HandleAsync(DocumentRegister.Decider, stream, new CloseNumberingDay(time.GetUtcNow()), system, Numbering, ct)).State;
            if (await TryListAsync(series, officeId, today, latest.Day, closed.LastSequence + 1, system, ct))
            {
                await OpenAsync(series, officeId, today, closed.Carry, system, ct);
                return today;
            }
        }

        throw new InvalidOperationException($"The numbering day of series {series.Code} of office {officeId} could not be resolved.");
    }

    /// <summary>What the first day of a year opens from: number 0 and the previous year's last hash (its last day is closed now — the
    /// year's closure), or, when documents were numbered this year in the year's single stream written before numbering days existed,
    /// the last of those (that stream is folded once, by the first opening of the year).</summary>
    private async Task<NumberingCarry> YearStartAsync(DocumentSeries series, string officeId, int year, CommandContext system, CancellationToken ct)
    {
        var hash = NumberingHash.Genesis;
        if (await LastListedAsync(series, officeId, year - 1, ct) is { } previous)
        {
            var stream = series.DayStreamId(officeId, previous.Day);
            if ((await handler.LoadCachedAsync(DocumentRegister.Decider, stream, officeId, ct)).State.Opened)
            {
                hash = (await handler.HandleAsync(DocumentRegister.Decider, stream, new CloseNumberingDay(time.GetUtcNow()), system, Numbering, ct)).State.LastHash;
            }
        }

        var legacy = new Decider<RegisterCommand, RegisterEvent, RegisterState>(
            DocumentRegister.Decide, DocumentRegister.Evolve, RegisterState.Initial with { LastHash = hash });
        var before = await handler.LoadAsync(legacy, series.YearStreamId(officeId, year), officeId, ct: ct);
        return before.Exists
            ? new NumberingCarry(before.State.LastSequence, before.State.LastIssueDate, before.State.LastHash, before.State.YearTotals)
            : NumberingCarry.YearStart(hash);
    }

    private async Task<NumberingCarry> CarryBeforeAsync(DocumentSeries series, string officeId, NumberingDayListed listed, CommandContext system, CancellationToken ct)
    {
        if (listed.PreviousDay is not { } previous)
        {
            return await YearStartAsync(series, officeId, listed.Day.Year, system, ct);
        }

        var result = await handler.HandleAsync(
            DocumentRegister.Decider, series.DayStreamId(officeId, previous), new CloseNumberingDay(time.GetUtcNow()), system, Numbering, ct);
        return result.State.Carry;
    }

    private async Task<bool> TryListAsync(
        DocumentSeries series, string officeId, DateOnly day, DateOnly? after, int firstSequence, CommandContext system, CancellationToken ct)
    {
        try
        {
            await handler.HandleAsync(
                NumberingDays.Decider, series.DaysStreamId(officeId, day.Year),
                new ListNumberingDay(officeId, series.Code, day, after, firstSequence, time.GetUtcNow()), system, Numbering, ct);
            return true;
        }
        catch (NumberingMoved)
        {
            return false;
        }
    }

    private Task OpenAsync(DocumentSeries series, string officeId, DateOnly day, NumberingCarry from, CommandContext system, CancellationToken ct) =>
        handler.HandleAsync(
            DocumentRegister.Decider, series.DayStreamId(officeId, day), new OpenNumberingDay(officeId, series, day, from, time.GetUtcNow()), system, Numbering, ct);

    private async Task<NumberingDayListed?> LastListedAsync(DocumentSeries series, string officeId, int year, CancellationToken ct)
    {
        var stream = series.DaysStreamId(officeId, year);
        var last = await store.ReadStreamAsync(stream, ReadDirection.Backwards, null, 1, ct);
        return last.Count == 0 ? null : await ListedAtAsync(stream, last[0].Revision, officeId, ct) ?? throw new NotFoundException($"'{stream}' was not found.");
    }

    private async Task<NumberingDayListed?> ListedAtAsync(string stream, long revision, string officeId, CancellationToken ct)
    {
        var recorded = await store.ReadStreamAsync(stream, ReadDirection.Forwards, revision, 1, ct);
        if (recorded.Count == 0 || recorded[0].Metadata.TenantId != officeId)
        {
            return null;
        }

        return (await serializer.DeserializeAsync(recorded[0], ct)).Event as NumberingDayListed;
    }

    private async Task<RegisterEvent?> FindEventAsync(string stream, Guid eventId, string officeId, CancellationToken ct)
    {
        foreach (var recorded in await store.ReadStreamAsync(stream, ReadDirection.Forwards, null, int.MaxValue, ct))
        {
            if (recorded.EventId == eventId && recorded.Metadata.TenantId == officeId)
            {
                return (await serializer.DeserializeAsync(recorded, ct)).Event as RegisterEvent;
            }
        }

        return null;
    }

    /// <summary>The document of number <paramref name="sequence"/> in a day's stream: the (sequence − first + 1)-th document event
    /// (published facts appended with a document sit between documents, so revisions are not counted; only that row is decoded).</summary>
    private async Task<RegisterEvent?> FindInDayAsync(string stream, int firstSequence, int sequence, string officeId, CancellationToken ct)
    {
        var index = sequence - firstSequence;
        if (index < 0)
        {
            return null;
        }

        var documents = (await store.ReadStreamAsync(stream, ReadDirection.Forwards, 1, int.MaxValue, ct)).Where(r => IsDocument(r.Type)).ToList();
        if (index >= documents.Count || documents[index].Metadata.TenantId != officeId)
        {
            return null;
        }

        return (await serializer.DeserializeAsync(documents[index], ct)).Event as RegisterEvent;
    }

    /// <summary>The last document event at or before <paramref name="revision"/> (a document's append holds the document first, then
    /// any facts it publishes).</summary>
    private async Task<RegisterEvent?> LastDocumentUpToAsync(string stream, long revision, string officeId, CancellationToken ct)
    {
        var recent = await store.ReadStreamAsync(stream, ReadDirection.Backwards, revision, 16, ct);
        var row = recent.FirstOrDefault(r => IsDocument(r.Type));
        return row is null || row.Metadata.TenantId != officeId ? null : (await serializer.DeserializeAsync(row, ct)).Event as RegisterEvent;
    }

    private static readonly HashSet<string> DocumentTypes =
        [DocumentRegister.EventNames[typeof(InvoiceIssued)], DocumentRegister.EventNames[typeof(CreditNoteIssued)]];

    private static bool IsDocument(string type) => DocumentTypes.Contains(type);

    private async Task<RegisterEvent?> ReadAtAsync(string stream, long revision, string officeId, CancellationToken ct)
    {
        if (revision < 0)
        {
            return null;
        }

        var recorded = await store.ReadStreamAsync(stream, ReadDirection.Forwards, revision, 1, ct);
        if (recorded.Count == 0 || recorded[0].Metadata.TenantId != officeId)
        {
            return null;
        }

        return (await serializer.DeserializeAsync(recorded[0], ct)).Event as RegisterEvent;
    }

    private static int Sequence(RegisterEvent document) => document switch
    {
        InvoiceIssued i => i.Sequence,
        CreditNoteIssued c => c.Sequence,
        _ => -1,
    };
}

/// <summary>The event ids of numbered documents derive from their idempotency key (ADR 0010), so the event store — whose event ids are
/// unique — refuses a second document for the same key in any day's stream, atomically with the append.</summary>
internal static class DocumentSeeds
{
    private static readonly Guid Namespace = new("3c4f1d7e-9b2a-4e55-8d61-0a7b2c9e4f13");

    public static Guid Invoice(string officeId, string sourceModule, string sourceReference) =>
        DeterministicGuid.Create(Namespace, $"invoice\n{officeId}\n{sourceModule}\n{sourceReference}");

    public static Guid CreditNote(string officeId, string creditNoteId) => DeterministicGuid.Create(Namespace, $"credit-note\n{officeId}\n{creditNoteId}");
}
