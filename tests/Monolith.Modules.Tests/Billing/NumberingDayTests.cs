using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Facts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;
using Monolith.Testing;
using static Monolith.Modules.Tests.Billing.BillingFixtures;

namespace Monolith.Modules.Tests.Billing;

/// <summary>Numbering days on the real SQLite event store (ADR 0010): numbers continue without gap from one day's close to the next day's
/// opening, under concurrency at midnight, after a crash between closing and opening, across a year and after the year streams written
/// before numbering days existed.</summary>
public sealed class NumberingDayTests : IAsyncDisposable
{
    private static readonly CommandContext Context = new(Office, "clerk", Guid.NewGuid());
    private readonly TempDatabase _db = new();
    private readonly ManualTimeProvider _time = new(InParis(2026, 3, 14, 23, 0));
    private readonly IEventStore _store;
    private readonly EventSerializer _serializer;
    private readonly CommandHandler _handler;
    private readonly DocumentNumbering _numbering;

    public NumberingDayTests()
    {
        _store = new SqliteEventStore(_db.Connections, _time);
        var registry = new EventTypeRegistry().Register(DocumentRegister.EventNames).Register(NumberingDays.EventNames)
            .Register(PublishedFacts.Names(Monolith.Modules.Billing.Contracts.Facts.BillingFacts.All)) // the register publishes InvoiceIssued / CreditNoteIssued with its documents
            .Register(new Dictionary<Type, string> { [typeof(InvoiceFact)] = InvoiceFact.WireName });
        _serializer = new EventSerializer(registry, new PersonalDataProtector(new SqliteDataSubjectKeyStore(_db.Connections, PersonalDataOptions.Development(), _time)));
        _handler = new CommandHandler(_store, _serializer);
        _numbering = new DocumentNumbering(_handler, _store, _serializer, _time);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Fifty_concurrent_issues_around_midnight_are_numbered_without_gap_across_the_day_boundary()
    {
        await IssueAsync("before-midnight");
        _time.SetUtcNow(InParis(2026, 3, 14, 23, 59, 59));
        var done = 0;
        var issues = Enumerable.Range(1, 50).Select(i => Task.Run(async () =>
        {
            var issued = await IssueAsync($"order-{i}");
            if (Interlocked.Increment(ref done) == 20)
            {
                _time.Advance(TimeSpan.FromSeconds(2)); // midnight passes while thirty issues are in flight
            }

            return issued;
        })).ToList();
        var concurrent = await Task.WhenAll(issues);
        _time.SetUtcNow(InParis(2026, 3, 15, 0, 5));
        var after = await IssueAsync("after-midnight");

        var all = concurrent.Append(after).Prepend(await FindAsync(1)).ToList();
        all.Select(i => i.Sequence).Order().Should().Equal(Enumerable.Range(1, 52), "every number once, none skipped");
        all.OrderBy(i => i.Sequence).Select(i => i.IssueDate).Should().BeInAscendingOrder("numbers and dates stay in the same order");
        all.Select(i => i.SourceReference).Should().OnlyHaveUniqueItems();

        var saturday = await ReadDayAsync(new DateOnly(2026, 3, 14));
        var sunday = await ReadDayAsync(new DateOnly(2026, 3, 15));
        var closed = saturday[^1].Should().BeOfType<NumberingDayClosed>().Subject;
        var opened = sunday[0].Should().BeOfType<NumberingDayOpened>().Subject;
        closed.LastSequence.Should().Be(saturday.OfType<InvoiceIssued>().Max(i => i.Sequence));
        opened.LastSequence.Should().Be(closed.LastSequence);
        opened.LastHash.Should().Be(closed.LastHash);
        opened.YearTotals.Should().Be(closed.YearTotals);
        sunday.OfType<InvoiceIssued>().Min(i => i.Sequence).Should().Be(closed.LastSequence + 1);
        sunday.OfType<InvoiceIssued>().Should().OnlyContain(i => i.IssueDate == new DateOnly(2026, 3, 15));
        saturday.OfType<InvoiceIssued>().Should().OnlyContain(i => i.IssueDate == new DateOnly(2026, 3, 14));

        foreach (var invoice in all)
        {
            (await FindAsync(invoice.Sequence)).InvoiceId.Should().Be(invoice.InvoiceId);
        }
    }

    [Fact]
    public async Task Issuing_again_for_a_source_numbered_on_an_earlier_day_returns_that_invoice_and_numbers_nothing()
    {
        var first = await IssueAsync("order-1");
        _time.SetUtcNow(InParis(2026, 3, 16, 10, 0));
        await IssueAsync("order-2");

        var again = await _numbering.IssueAsync(
            DocumentSeries.Invoices, Office, BillingFixtures.Paris, DocumentRegister.InvoiceKey("marina", "order-1"), DocumentSeeds.Invoice(Office, "marina", "order-1"),
            at => new IssueInvoice(Draft("order-1"), at), Context, CancellationToken.None);

        again.AlreadyIssued.Should().BeTrue();
        again.Document.Should().BeOfType<InvoiceIssued>().Which.Number.Should().Be(first.Number);
        (await ReadDayAsync(new DateOnly(2026, 3, 16))).OfType<InvoiceIssued>().Should().ContainSingle();
    }

    [Fact]
    public async Task After_a_crash_between_closing_a_day_and_opening_the_next_the_next_issue_opens_it_and_continues_the_numbers()
    {
        await IssueAsync("order-1");
        await IssueAsync("order-2");
        var close = await _handler.HandleAsync(
            DocumentRegister.Decider, DocumentSeries.Invoices.DayStreamId(Office, new DateOnly(2026, 3, 14)), new CloseNumberingDay(_time.GetUtcNow()), Context);
        // ...the process stopped here: the day is closed, the next one neither listed nor opened.

        _time.SetUtcNow(InParis(2026, 3, 15, 9, 0));
        var next = await IssueAsync("order-3");

        next.Number.Should().Be("2026/00003");
        var sunday = await ReadDayAsync(new DateOnly(2026, 3, 15));
        sunday[0].Should().BeOfType<NumberingDayOpened>().Which.LastHash.Should().Be(close.State.LastHash);
        (await FindAsync(3)).InvoiceId.Should().Be("F2026-00003");
    }

    [Fact]
    public async Task After_a_crash_between_listing_a_day_and_opening_it_the_next_issue_opens_it_from_the_previous_close()
    {
        await IssueAsync("order-1");
        var saturday = new DateOnly(2026, 3, 14);
        var sunday = new DateOnly(2026, 3, 15);
        await _handler.HandleAsync(DocumentRegister.Decider, DocumentSeries.Invoices.DayStreamId(Office, saturday), new CloseNumberingDay(_time.GetUtcNow()), Context);
        await _handler.HandleAsync(
            NumberingDays.Decider, DocumentSeries.Invoices.DaysStreamId(Office, 2026), new ListNumberingDay(Office, "F", sunday, saturday, 2, _time.GetUtcNow()), Context);
        // ...the process stopped here: Sunday is listed but its stream was never opened.

        _time.SetUtcNow(InParis(2026, 3, 16, 9, 0));
        var monday = await IssueAsync("order-2");

        monday.Number.Should().Be("2026/00002");
        monday.IssueDate.Should().Be(new DateOnly(2026, 3, 16));
        (await ReadDayAsync(sunday)).Select(e => e.GetType()).Should().Equal(typeof(NumberingDayOpened), typeof(NumberingDayClosed));
        (await FindAsync(2)).InvoiceId.Should().Be("F2026-00002");
    }

    [Fact]
    public async Task The_first_day_of_a_year_starts_at_number_one_closes_the_last_day_of_the_previous_year_and_continues_its_hash()
    {
        _time.SetUtcNow(InParis(2026, 12, 31, 18, 0));
        await IssueAsync("order-1");
        _time.SetUtcNow(InParis(2027, 1, 2, 9, 0));

        var next = await IssueAsync("order-2");

        next.Number.Should().Be("2027/00001");
        var closed = (await ReadDayAsync(new DateOnly(2026, 12, 31)))[^1].Should().BeOfType<NumberingDayClosed>().Subject;
        var opened = (await ReadDayAsync(new DateOnly(2027, 1, 2)))[0].Should().BeOfType<NumberingDayOpened>().Subject;
        (opened.LastSequence, opened.LastHash, opened.YearTotals).Should().Be((0, closed.LastHash, NumberingTotals.Zero));
    }

    [Fact]
    public async Task A_year_numbered_in_one_stream_before_numbering_days_existed_is_continued_and_its_documents_are_still_found()
    {
        // Stored before this change: every 2026 invoice in "billing-numbering-{office}-F-2026", sequence = revision + 1.
        var legacyState = RegisterState.Initial;
        for (var i = 1; i <= 3; i++)
        {
            var old = (InvoiceIssued)DocumentRegister.Decide(new IssueInvoice(Draft($"old-{i}"), _time.GetUtcNow()), OpenedOn(new DateOnly(2026, 3, 14), lastSequence: i - 1)).Single();
            await _store.AppendAsync(DocumentSeries.Invoices.YearStreamId(Office, 2026), ExpectedRevision.FromLastRevision(i - 2), [await _serializer.SerializeAsync(old, Context.ToMetadata(), Guid.NewGuid())]);
            legacyState = DocumentRegister.Evolve(legacyState, old);
        }

        var next = await IssueAsync("order-4");

        next.Number.Should().Be("2026/00004");
        (await ReadDayAsync(new DateOnly(2026, 3, 14)))[0].Should().BeOfType<NumberingDayOpened>().Which.LastHash.Should().Be(legacyState.LastHash);
        (await FindAsync(2)).SourceReference.Should().Be("old-2");
        (await FindAsync(4)).SourceReference.Should().Be("order-4");
    }

    [Fact]
    public async Task Documents_are_found_by_number_when_published_facts_sit_between_them_in_the_day()
    {
        var first = await IssueAsync("order-1");
        await AppendFactAsync(first);
        var second = await IssueAsync("order-2");
        await AppendFactAsync(second);
        var third = await IssueAsync("order-3");

        third.Number.Should().Be("2026/00003");
        (await FindAsync(2)).SourceReference.Should().Be("order-2");
        (await FindAsync(3)).SourceReference.Should().Be("order-3");
        (await _numbering.IssueAsync(
            DocumentSeries.Invoices, Office, BillingFixtures.Paris, DocumentRegister.InvoiceKey("marina", "order-2"), DocumentSeeds.Invoice(Office, "marina", "order-2"),
            at => new IssueInvoice(Draft("order-2"), at), Context, CancellationToken.None)).Document.Should().BeOfType<InvoiceIssued>().Which.Number.Should().Be(second.Number);
    }

    /// <summary>A fact published with a document (what <c>Decider.Publish</c> appends after it).</summary>
    public sealed record InvoiceFact(string InvoiceId) : IIntegrationEvent
    {
        public const string WireName = "billing.published-test-invoice";
    }

    private async Task AppendFactAsync(InvoiceIssued invoice)
    {
        var stream = DocumentSeries.Invoices.DayStreamId(Office, invoice.IssueDate);
        var last = (await _store.ReadStreamAsync(stream, ReadDirection.Backwards, null, 1))[0].Revision;
        await _store.AppendAsync(stream, ExpectedRevision.Exact(last), [await _serializer.SerializeAsync(new InvoiceFact(invoice.InvoiceId), Context.ToMetadata())]);
    }

    private async Task<InvoiceIssued> IssueAsync(string sourceReference)
    {
        var numbered = await _numbering.IssueAsync(
            DocumentSeries.Invoices, Office, BillingFixtures.Paris, DocumentRegister.InvoiceKey("marina", sourceReference), DocumentSeeds.Invoice(Office, "marina", sourceReference),
            at => new IssueInvoice(Draft(sourceReference), at), Context, CancellationToken.None);
        numbered.AlreadyIssued.Should().BeFalse();
        return (InvoiceIssued)numbered.Document;
    }

    private async Task<InvoiceIssued> FindAsync(int sequence, int year = 2026) =>
        (InvoiceIssued)(await _numbering.FindAsync(DocumentSeries.Invoices, Office, year, sequence, CancellationToken.None))!;

    private async Task<List<RegisterEvent>> ReadDayAsync(DateOnly day)
    {
        var events = new List<RegisterEvent>();
        foreach (var recorded in await _store.ReadStreamAsync(DocumentSeries.Invoices.DayStreamId(Office, day)))
        {
            if ((await _serializer.DeserializeAsync(recorded)).Event is RegisterEvent e)
            {
                events.Add(e); // the register's own events; the published facts appended with each document are skipped
            }
        }

        return events;
    }

    private static DateTimeOffset InParis(int year, int month, int day, int hour, int minute, int second = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero) - TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris").GetUtcOffset(new DateTime(year, month, day, hour, minute, second));
}
