using System.Text;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Tests.Deciders;
using Monolith.BuildingBlocks.Tests.Serialization;
using Monolith.Testing;

namespace Monolith.BuildingBlocks.Tests.Privacy;

public sealed class CryptoShreddingTests : IAsyncDisposable
{
    private const string Tenant = "office-vannes";

    private readonly TempDatabase _db = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 9, 1, 14, 0, 0, TimeSpan.Zero));
    private readonly IEventStore _store;
    private readonly SqliteDataSubjectKeyStore _keys;
    private readonly EventSerializer _serializer;
    private readonly PersonalDataEraser _eraser;

    public CryptoShreddingTests()
    {
        _store = new SqliteEventStore(_db.Connections, _time);
        _keys = new SqliteDataSubjectKeyStore(_db.Connections, PersonalDataOptions.Development(), _time);
        var registry = EventSerializationServiceCollectionExtensions.BuildRegistry(
            [new EventTypeRegistration("membership", r => r.Register<MemberJoined>("membership.member-joined").Register<FeeChanged>("membership.fee-changed"))]);
        _serializer = new EventSerializer(registry, new PersonalDataProtector(_keys));
        _eraser = new PersonalDataEraser(_keys, _store, _serializer, _time);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private async Task<IReadOnlyList<EventEnvelope>> ReadAll() =>
        await _serializer.DeserializeAsync(await _store.ReadAllAsync(0, int.MaxValue));

    [Fact]
    public async Task Forgetting_a_person_erases_their_fields_keeps_amounts_and_the_chain_and_is_on_record()
    {
        var elodie = EventSerializerTests.Joined("cust-42");
        var yann = EventSerializerTests.Joined("cust-7") with { FullName = "Yann Morvan", Email = "yann@example.fr", MembershipId = "m-2" };
        await _store.AppendAsync("membership-m-1", ExpectedRevision.NoStream, [
            await _serializer.SerializeAsync(elodie, new EventMetadata(Tenant, "clerk-1", Guid.NewGuid())),
            await _serializer.SerializeAsync(new FeeChanged("m-1", 130m), new EventMetadata(Tenant, "clerk-1", Guid.NewGuid())),
        ]);
        await _store.AppendAsync("membership-m-2", ExpectedRevision.NoStream, [await _serializer.SerializeAsync(yann, new EventMetadata(Tenant))]);
        var before = await ReadAll();
        before[0].Event.Should().Be(elodie);

        var record = await _eraser.ForgetAsync(Tenant, "cust-42", "admin-1");

        var after = await ReadAll();
        var erased = after[0].As<MemberJoined>();
        after[0].PersonalDataErased.Should().BeTrue();
        erased.FullName.Should().Be(PersonalData.ErasedText);
        erased.Email.Should().Be(PersonalData.ErasedText);
        erased.Address.Should().BeNull();
        erased.BirthDate.Should().Be(default);
        erased.AnnualFee.Should().Be(125.50m);
        erased.StartsOn.Should().Be(new DateOnly(2025, 3, 1));
        erased.PaymentMethod.Should().Be(PaymentMethod.BankTransfer);
        erased.CustomerId.Should().Be("cust-42");
        after[1].Event.Should().Be(new FeeChanged("m-1", 130m));
        after[2].Event.Should().Be(yann, "another person's data is untouched");

        record.Should().Be(new DataSubjectForgotten("cust-42", "admin-1", _time.GetUtcNow()));
        var erasureLog = await _store.ReadStreamAsync("data-subject:cust-42");
        erasureLog.Should().ContainSingle().Which.Type.Should().Be("platform.data-subject-forgotten");
        erasureLog[0].Metadata.TenantId.Should().Be(Tenant);
        after[3].Event.Should().Be(record);

        var chain = await _store.VerifyChainAsync();
        chain.Intact.Should().BeTrue("the chain covers the stored ciphertext, which never changed");
        chain.EventsChecked.Should().Be(4);
        var recordedBefore = before.Select(e => e.Recorded.Data).ToList();
        after.Take(3).Select(e => e.Recorded.Data).Should().Equal(recordedBefore, "stored events are never rewritten");

        // Forgetting again is harmless: no second record.
        await _eraser.ForgetAsync(Tenant, "cust-42", "admin-2");
        (await _store.ReadStreamAsync("data-subject:cust-42")).Should().HaveCount(1);

        // Re-reading is deterministic (what a projection rebuild sees).
        (await ReadAll()).Select(e => e.Event).Should().BeEquivalentTo(after.Select(e => e.Event), o => o.WithStrictOrdering().RespectingRuntimeTypes());
    }

    [Fact]
    public async Task The_database_file_holds_no_plaintext_personal_data()
    {
        await _store.AppendAsync("membership-m-1", ExpectedRevision.NoStream, [await _serializer.SerializeAsync(EventSerializerTests.Joined(), new EventMetadata(Tenant))]);

        foreach (var e in await _store.ReadAllAsync(0, int.MaxValue))
        {
            e.Data.Should().NotContainAny("lodie", "Le Gall", "legall", "rue du Port", "1984-07-14");
        }

        SqliteConnectionCheckpoint();
        var raw = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(_db.FilePath));
        raw.Should().Contain("membership.member-joined", "the event is in the file").And.Contain("125.5");
        raw.Should().NotContainAny("lodie", "Le Gall", "legall", "rue du Port", "1984-07-14");
    }

    [Fact]
    public async Task Services_resolve_from_one_registration_per_part()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_db.Connections);
        services.AddSqliteEventStore();
        services.AddSingleton<TimeProvider>(_time);
        services.AddEventSerialization(new ConfigurationBuilder().Build());
        services.AddCommandHandling();
        new ModuleBuilder("shop", services, new ConfigurationBuilder().Build()).Events(Tab.EventNames);
        await using var provider = services.BuildServiceProvider();

        var handler = provider.GetRequiredService<CommandHandler>();
        var result = await handler.HandleAsync(Tab.Decider, "shop-tab-1", new Tab.Open("t-1", "cust-1", "Gwen Riou"), new CommandContext(Tenant, "u", Guid.NewGuid()));

        result.Revision.Should().Be(0);
        provider.GetRequiredService<EventTypeRegistry>().Get("shop.tab-opened").ClrType.Should().Be<Tab.Opened>();
        provider.GetRequiredService<PersonalDataOptions>().UsesDevelopmentMasterKey.Should().BeTrue();
        provider.GetRequiredService<IDataSubjectKeyStore>().Should().BeOfType<SqliteDataSubjectKeyStore>();
        await provider.GetRequiredService<PersonalDataEraser>().ForgetAsync(Tenant, "cust-1", "admin");
        (await handler.LoadAsync(Tab.Decider, "shop-tab-1", Tenant)).State.CustomerName.Should().Be(PersonalData.ErasedText);
    }

    private void SqliteConnectionCheckpoint()
    {
        using var connection = _db.Connections.Open();
        connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
    }
}
