using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.Testing;
using Npgsql;

namespace Monolith.BuildingBlocks.Tests.Projections;

/// <summary>Reactor leases on PostgreSQL: one holder at a time, released when the holder stops or its session dies, taken over with
/// the position the previous holder recorded.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlSubscriberLeasesTests : IAsyncLifetime
{
    private static readonly SubscriberLeaseOptions Fast = new() { RetryInterval = TimeSpan.FromMilliseconds(100) };
    private readonly TempPostgreSqlSchema _db = new();
    private readonly List<PostgreSqlConnectionFactory> _hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await _db.DisposeAsync();
    }

    private PostgreSqlSubscriberLeases NewHost(string name)
    {
        var connections = new PostgreSqlConnectionFactory(new NpgsqlConnectionStringBuilder(_db.ConnectionString) { ApplicationName = name }.ConnectionString);
        _hosts.Add(connections);
        return new PostgreSqlSubscriberLeases(connections, Fast, TimeProvider.System, NullLogger<PostgreSqlSubscriberLeases>.Instance);
    }

    [Fact]
    public async Task One_holder_at_a_time_and_a_stopped_holder_hands_over_its_recorded_position()
    {
        var first = await NewHost("host-1").AcquireAsync("billing.invoice-emails", CancellationToken.None);
        first.RecordedPosition.Should().Be(0);
        var waiting = NewHost("host-2").AcquireAsync("billing.invoice-emails", CancellationToken.None);
        var other = await NewHost("host-3").AcquireAsync("membership.order-flow", CancellationToken.None); // another reactor: free

        await Task.Delay(400);
        waiting.IsCompleted.Should().BeFalse("the lease is held by host-1");
        await first.RecordAsync(42, CancellationToken.None);
        await first.DisposeAsync();

        await using var second = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        second.RecordedPosition.Should().Be(42);
        await other.DisposeAsync();
    }

    [Fact]
    public async Task A_holder_whose_session_dies_loses_the_lease_and_another_host_takes_it_over()
    {
        await using var first = await NewHost("host-1").AcquireAsync("billing.invoice-emails", CancellationToken.None);
        await first.RecordAsync(7, CancellationToken.None);
        var waiting = NewHost("host-2").AcquireAsync("billing.invoice-emails", CancellationToken.None);

        await using (var admin = await _db.Connections.OpenAsync())
        {
            await admin.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'host-1'");
        }

        await using var second = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        second.RecordedPosition.Should().Be(7);
        await Task.Delay(TimeSpan.FromSeconds(1));
        first.Lost.IsCancellationRequested.Should().BeTrue("the holder notices its session is gone and stops");
    }
}
