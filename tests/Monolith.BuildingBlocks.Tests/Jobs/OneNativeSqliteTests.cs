using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Tests.Jobs;

/// <summary>Hangfire's SQLite storage (sqlite-net) and our stores (Microsoft.Data.Sqlite) must share one native SQLite library: two copies
/// in one process each keep their own POSIX locks, the known way to corrupt a database. Directory.Packages.props pins the SQLitePCLRaw
/// line so that only one is shipped; this checks what the process really loaded.</summary>
public sealed class OneNativeSqliteTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_event_store_and_the_job_storage_load_the_same_native_sqlite()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /proc/self/maps is Linux's; CI runs on Linux
        }

        var connections = new SqliteConnectionFactory(_folder.DatabasePath);
        using (var connection = connections.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT sqlite_version()";
            command.ExecuteScalar().Should().NotBeNull();
        }

        var services = new ServiceCollection();
        services.AddSingleton(connections);
        services.AddScheduler(configure: o => o.AutoStart = false);
        using var provider = services.BuildServiceProvider();
        using (var jobs = provider.GetRequiredService<JobStorage>().GetConnection())
        {
            jobs.GetRecurringJobs().Should().BeEmpty();
        }

        var natives = File.ReadAllLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty)
            .Where(path => Path.GetFileName(path).Contains("sqlite", StringComparison.OrdinalIgnoreCase) && path.EndsWith(".so", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        natives.Should().ContainSingle("one native SQLite library serves both, found: {0}", string.Join(", ", natives));
    }
}
