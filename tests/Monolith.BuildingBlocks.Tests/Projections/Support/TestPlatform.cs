using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Projections.Migrations;

namespace Monolith.BuildingBlocks.Tests.Projections.Support;

/// <summary>The projection platform as a host would run it: <c>AddProjections()</c>, a module registered through
/// <see cref="ModuleBuilder"/>, and the hosted services started in registration order. Stopping and starting a new one over the
/// same database is a process restart.</summary>
internal sealed class TestPlatform : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _started = [];
    private Task? _stopping;

    private TestPlatform(ServiceProvider provider) => _provider = provider;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public IServiceProvider Services => _provider;

    public IProjectionAdmin Admin => _provider.GetRequiredService<IProjectionAdmin>();

    public static async Task<TestPlatform> StartAsync(
        TestDatabase db,
        Action<ModuleBuilder> module,
        Action<ProjectionOptions>? options = null,
        TimeProvider? time = null,
        bool startRunners = true)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(db.Connections);
        services.AddSingleton(db.NewStore()); // SQLite, or PostgreSQL when the run targets it (TestDatabase)
        services.AddSqliteEventStore();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddProjections(o =>
        {
            o.IdlePollInterval = TimeSpan.FromMilliseconds(200);
            o.ErrorBackoff = TimeSpan.FromMilliseconds(50);
            options?.Invoke(o);
        });
        services.AddSingleton(new ModuleMigrations("tests", typeof(TestPlatform).Assembly, "Monolith.BuildingBlocks.Tests.Projections.Sql"));
        module(new ModuleBuilder("tests", services, new ConfigurationBuilder().Build()));

        var platform = new TestPlatform(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
        foreach (var hosted in platform._provider.GetServices<IHostedService>())
        {
            if (!startRunners && hosted is not PlatformStartup)
            {
                continue;
            }

            await hosted.StartAsync(CancellationToken.None);
            platform._started.Add(hosted);
        }

        return platform;
    }

    public async Task CatchUpAsync(bool includeReactors = false) =>
        (await Admin.WaitForCatchUpAsync(Timeout, includeReactors)).Should().BeTrue("every running projection should reach the head");

    public async Task<ProjectionStatus> StatusAsync(string name) => (await Admin.GetStatusesAsync()).Single(s => s.Name == name);

    /// <summary>Waits (polling, bounded) until <paramref name="condition"/> holds on the status of <paramref name="name"/>.</summary>
    public async Task<ProjectionStatus> WaitForStatusAsync(string name, Func<ProjectionStatus, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var signals = _provider.GetRequiredService<ProjectionSignals>();
        while (true)
        {
            var changed = signals.Changed;
            var status = await StatusAsync(name);
            if (condition(status))
            {
                return status;
            }

            try
            {
                await changed.WaitAsync(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>Waits (polling, bounded) until a dead letter matches <paramref name="condition"/>.</summary>
    public async Task<DeadLetter> WaitForDeadLetterAsync(Func<DeadLetter, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var signals = _provider.GetRequiredService<ProjectionSignals>();
        while (true)
        {
            var changed = signals.Changed;
            var match = (await Admin.GetDeadLettersAsync()).FirstOrDefault(condition);
            if (match is not null)
            {
                return match;
            }

            try
            {
                await changed.WaitAsync(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>Stops the hosted services in reverse order (idempotent; safe to call from inside a projection).</summary>
    public Task StopAsync() => _stopping ??= StopCoreAsync();

    private async Task StopCoreAsync()
    {
        await Task.Yield();
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _provider.DisposeAsync();
    }
}
