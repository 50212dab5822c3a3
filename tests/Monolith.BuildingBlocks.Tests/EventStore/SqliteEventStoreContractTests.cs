using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Sqlite;

namespace Monolith.BuildingBlocks.Tests.EventStore;

public sealed class SqliteEventStoreContractTests : EventStoreContractTests
{
    private readonly TempDatabase _database = new();

    protected override Task<IEventStore> CreateStoreAsync(OfficeChainKeys? keys = null) =>
        Task.FromResult<IEventStore>(new SqliteEventStore(_database.Connections, Clock, chainKeys: keys));

    protected override async Task SetHashesAsync(long position, string hash, string? officeHash)
    {
        var changed = await _database.ExecuteAsync(
            "UPDATE platform_events SET hash = $hash, office_hash = $office_hash WHERE position = $position",
            ("$hash", hash), ("$office_hash", (object?)officeHash ?? DBNull.Value), ("$position", position));
        changed.Should().Be(1);
    }

    protected override async Task ForgetOfficeHashesAsync() => await _database.ExecuteAsync("UPDATE platform_events SET office_hash = NULL");

    protected override async Task TamperWithDataAsync(long position, string newData)
    {
        var changed = await _database.ExecuteAsync(
            "UPDATE platform_events SET data = $data WHERE position = $position", ("$data", newData), ("$position", position));
        changed.Should().Be(1);
    }

    protected override async Task DeleteRowAsync(long position)
    {
        var changed = await _database.ExecuteAsync("DELETE FROM platform_events WHERE position = $position", ("$position", position));
        changed.Should().Be(1);
    }

    public override Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}
