using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Configuration;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.Testing;

namespace Monolith.BuildingBlocks.Tests.Privacy;

public sealed class SqliteDataSubjectKeyStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 5, 2, 8, 30, 0, TimeSpan.Zero));
    private readonly PersonalDataOptions _options = new(RandomNumberGenerator.GetBytes(32));

    public void Dispose() => _db.Dispose();

    private SqliteDataSubjectKeyStore NewStore(PersonalDataOptions? options = null) => new(_db.Connections, options ?? _options, _time);

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
        (await store.FindKeyAsync("office-a", "cust-1")).Should().NotBeNull();
        _time.Advance(TimeSpan.FromDays(3));

        (await store.ForgetAsync("office-a", "cust-1")).Should().BeTrue();
        (await store.ForgetAsync("office-a", "cust-1")).Should().BeFalse("forgetting twice is harmless");

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
    public async Task Concurrent_first_uses_agree_on_one_key()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore()).ToList();

        var keys = await Task.WhenAll(stores.Select(s => Task.Run(() => s.GetOrCreateKeyAsync("office-a", "cust-1"))));

        keys.Should().AllSatisfy(k => k.Should().Equal(keys[0]));
    }

    [Fact]
    public void The_master_key_comes_from_configuration_or_is_the_marked_development_key()
    {
        var configured = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PersonalDataOptions.ConfigurationKey] = configured })
            .Build();

        var fromConfig = PersonalDataOptions.FromConfiguration(config);
        fromConfig.MasterKey.Should().Equal(Convert.FromBase64String(configured));
        fromConfig.UsesDevelopmentMasterKey.Should().BeFalse();
        PersonalDataOptions.FromConfiguration(null).UsesDevelopmentMasterKey.Should().BeTrue();
        var bad = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PersonalDataOptions.ConfigurationKey] = "c2hvcnQ=" })
            .Build();
        var act = () => PersonalDataOptions.FromConfiguration(bad);
        act.Should().Throw<InvalidOperationException>().WithMessage("*32 random bytes*");
    }
}
