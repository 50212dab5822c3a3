using System.Security.Cryptography;
using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.PostgreSql;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Tests.Serialization;
using Monolith.Testing;

namespace Monolith.BuildingBlocks.Tests.Privacy;

/// <summary>The data-subject key store and crypto-shredding on PostgreSQL: the same behaviour as on SQLite.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlDataSubjectKeyStoreTests : IAsyncLifetime
{
    private readonly TempPostgreSqlSchema _db = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 5, 2, 8, 30, 0, TimeSpan.Zero));
    private readonly PersonalDataOptions _options = new(RandomNumberGenerator.GetBytes(32));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private PostgreSqlDataSubjectKeyStore NewStore(PersonalDataOptions? options = null) => new(_db.Connections, options ?? _options, _time);

    [Fact]
    public async Task A_key_is_created_on_first_use_persisted_wrapped_and_found_again()
    {
        var key = await NewStore().GetOrCreateKeyAsync("office-a", "cust-1");

        key.Should().HaveCount(32);
        (await NewStore().GetOrCreateKeyAsync("office-a", "cust-1")).Should().Equal(key);
        (await NewStore().FindKeyAsync("office-a", "cust-1")).Should().Equal(key);
        (await NewStore().FindKeyAsync("office-b", "cust-1")).Should().BeNull("keys are per tenant");
        (await NewStore().GetOrCreateKeyAsync("office-b", "cust-1")).Should().NotEqual(key);

        await using var connection = await _db.Connections.OpenAsync();
        var stored = await connection.QuerySingleAsync<byte[]>("SELECT key FROM platform_subject_keys WHERE tenant_id = 'office-a' AND subject_id = 'cust-1'");
        stored.Should().HaveCount(61);
        stored.AsSpan().IndexOf(key).Should().Be(-1, "the key is stored wrapped by the master key");
    }

    [Fact]
    public async Task A_wrong_master_key_cannot_unwrap_the_keys()
    {
        await NewStore().GetOrCreateKeyAsync("office-a", "cust-1");

        var act = async () => await NewStore(new PersonalDataOptions(RandomNumberGenerator.GetBytes(32))).FindKeyAsync("office-a", "cust-1");

        await act.Should().ThrowAsync<CryptographicException>().WithMessage("*Privacy:MasterKey*");
    }

    [Fact]
    public async Task Forgetting_destroys_the_key_records_when_and_refuses_new_keys()
    {
        var store = NewStore();
        await store.GetOrCreateKeyAsync("office-a", "cust-1");
        _time.Advance(TimeSpan.FromDays(3));

        (await store.ForgetAsync("office-a", "cust-1")).Should().BeTrue();
        (await store.ForgetAsync("office-a", "cust-1")).Should().BeFalse("forgetting twice is harmless");
        (await NewStore().ForgetAsync("office-a", "cust-1")).Should().BeFalse("another host sees it forgotten too");

        (await store.FindKeyAsync("office-a", "cust-1")).Should().BeNull();
        (await NewStore().FindKeyAsync("office-a", "cust-1")).Should().BeNull();
        await store.Invoking(s => s.GetOrCreateKeyAsync("office-a", "cust-1")).Should().ThrowAsync<DataSubjectForgottenException>();
        await NewStore().Invoking(s => s.GetOrCreateKeyAsync("office-a", "cust-1")).Should().ThrowAsync<DataSubjectForgottenException>();
        await using var connection = await _db.Connections.OpenAsync();
        var row = await connection.QuerySingleAsync<(byte[]? Key, string CreatedAt, string ForgottenAt)>(
            "SELECT key, created_at, forgotten_at FROM platform_subject_keys WHERE subject_id = 'cust-1'");
        row.Key.Should().BeNull();
        row.CreatedAt.Should().StartWith("2025-05-02T08:30:00");
        row.ForgottenAt.Should().StartWith("2025-05-05T08:30:00");
    }

    [Fact]
    public async Task A_subject_forgotten_before_any_key_can_never_get_one()
    {
        (await NewStore().ForgetAsync("office-a", "cust-9")).Should().BeTrue();

        await NewStore().Invoking(s => s.GetOrCreateKeyAsync("office-a", "cust-9")).Should().ThrowAsync<DataSubjectForgottenException>();
    }

    [Fact]
    public async Task Concurrent_first_uses_by_several_hosts_agree_on_one_key()
    {
        var stores = Enumerable.Range(0, 6).Select(_ => NewStore()).ToList();

        var keys = await Task.WhenAll(stores.Select(s => Task.Run(() => s.GetOrCreateKeyAsync("office-a", "cust-1"))));

        keys.Should().AllSatisfy(k => k.Should().Equal(keys[0]));
    }

    [Fact]
    public async Task Forgetting_a_person_on_postgresql_erases_their_fields_and_keeps_the_chain_intact()
    {
        var keys = NewStore();
        var store = new PostgreSqlEventStore(_db.Connections, _time);
        var registry = EventSerializationServiceCollectionExtensions.BuildRegistry(
            [new EventTypeRegistration("membership", r => r.Register<MemberJoined>("membership.member-joined").Register<FeeChanged>("membership.fee-changed"))]);
        var serializer = new EventSerializer(registry, new PersonalDataProtector(keys));
        var eraser = new PersonalDataEraser(keys, store, serializer, _time);
        var elodie = EventSerializerTests.Joined("cust-42");
        var yann = EventSerializerTests.Joined("cust-7") with { FullName = "Yann Morvan", Email = "yann@example.fr", MembershipId = "m-2" };
        await store.AppendAsync("membership-m-1", ExpectedRevision.NoStream, [await serializer.SerializeAsync(elodie, new EventMetadata("office-a"))]);
        await store.AppendAsync("membership-m-2", ExpectedRevision.NoStream, [await serializer.SerializeAsync(yann, new EventMetadata("office-a"))]);
        var storedBefore = (await store.ReadAllAsync(0, 10)).Select(e => e.Data).ToList();
        storedBefore[0].Should().NotContainAny("lodie", "Le Gall", "rue du Port");

        await eraser.ForgetAsync("office-a", "cust-42", "admin-1");

        var after = await serializer.DeserializeAsync(await store.ReadAllAsync(0, 10));
        after[0].PersonalDataErased.Should().BeTrue();
        after[0].As<MemberJoined>().FullName.Should().Be(PersonalData.ErasedText);
        after[0].As<MemberJoined>().AnnualFee.Should().Be(125.50m);
        after[1].Event.Should().Be(yann);
        after.Take(2).Select(e => e.Recorded.Data).Should().Equal(storedBefore, "stored events are never rewritten");
        (await store.VerifyChainAsync()).Should().Be(new ChainVerification(true, 3, null, null));
    }
}
