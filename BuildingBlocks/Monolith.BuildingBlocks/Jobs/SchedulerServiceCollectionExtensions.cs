using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Jobs;

public static class SchedulerServiceCollectionExtensions
{
    /// <summary>Hangfire with a persistent job storage — by default SQLite in its own file (<see cref="SchedulerOptions.DatabasePath"/>,
    /// never the event store's file), or whatever <see cref="AddSchedulerStorage"/> registered (the server engine's PostgreSQL) —, the
    /// recurring jobs of the modules' <c>m.Job&lt;T&gt;(cron)</c> declarations written at start (<see cref="JobScheduleRegistrar"/>),
    /// and a Hangfire server unless <see cref="SchedulerOptions.AutoStart"/> is false. Also registers <see cref="IJobTrigger"/> (fire now)
    /// and <see cref="JobRunner"/> (run inline). Options: section <c>Scheduler</c>.</summary>
    public static IServiceCollection AddScheduler(this IServiceCollection services, IConfiguration? configuration = null, Action<SchedulerOptions>? configure = null)
    {
        var options = new SchedulerOptions();
        configuration?.GetSection(SchedulerOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        services.TryAddSingleton(options);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IJobTrigger, HangfireJobTrigger>();
        services.TryAddSingleton<JobRunner>();
        services.TryAddSingleton<JobStorage>(sp => sp.GetService<DatabaseSettings>() is { Engine: DatabaseEngine.PostgreSql, PostgreSqlConnectionString: { } server }
            ? PostgreSqlStorage(server, sp.GetRequiredService<SchedulerOptions>())
            : SqliteStorage(sp, sp.GetRequiredService<SchedulerOptions>()));

        // Hangfire's configuration is process-wide; ours is per host: the storage, the activator (this host's container) and the filters
        // are passed explicitly to the server, the registrar and the trigger, so two hosts in one process (tests) never share a job.
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>())));

        // Registered before the Hangfire server so the declared schedule is stored before anything polls it.
        services.AddHostedService<JobScheduleRegistrar>();
        if (options.AutoStart)
        {
            services.AddHangfireServer((sp, server) =>
            {
                server.ServerName = $"{options.ServerName}:{Environment.ProcessId}";
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = options.PollInterval;
                server.Queues = ["default"];
                server.Activator = sp.GetRequiredService<JobActivator>();
            });
        }

        return services;
    }

    /// <summary>The seam for another job storage (e.g. Hangfire.PostgreSql on the server engine):
    /// <c>services.AddSchedulerStorage(sp => new PostgreSqlStorage(...))</c>, before or after <see cref="AddScheduler"/>. The storage must
    /// be persistent; the scheduler tests (tests/Monolith.BuildingBlocks.Tests/Jobs) are the bar it has to pass.</summary>
    public static IServiceCollection AddSchedulerStorage(this IServiceCollection services, Func<IServiceProvider, JobStorage> storage)
    {
        services.RemoveAll<JobStorage>();
        services.AddSingleton(storage);
        return services;
    }

    /// <summary>The server engine's job storage (Hangfire.PostgreSql): every host of the cluster shares it, so a recurring job is enqueued
    /// once per occurrence (the recurring scheduler holds a distributed lock), a queued job is fetched by one worker of one host, and
    /// <see cref="ScheduledJob"/>'s <c>DisableConcurrentExecution</c> lock holds across hosts. Its tables live in the schema
    /// <see cref="SchedulerOptions.PostgreSqlSchema"/>, default <c>{search path}_jobs</c> when the connection string names a schema
    /// (tests isolate hosts per schema), else <c>hangfire</c>.</summary>
    public static JobStorage PostgreSqlStorage(string connectionString, SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var searchPath = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).SearchPath;
        var schema = options.PostgreSqlSchema
            ?? (string.IsNullOrWhiteSpace(searchPath) ? "hangfire" : searchPath.Split(',')[0].Trim() + "_jobs");
        var storageOptions = new Hangfire.PostgreSql.PostgreSqlStorageOptions
        {
            SchemaName = schema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = options.PollInterval,
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
            UseSlidingInvisibilityTimeout = true,
        };
        return new Hangfire.PostgreSql.PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions);
    }

    private static SQLiteStorage SqliteStorage(IServiceProvider services, SchedulerOptions options)
    {
        var eventStore = services.GetService<SqliteConnectionFactory>()?.DatabasePath;
        var path = Path.GetFullPath(options.DatabasePath
            ?? Path.Combine(Path.GetDirectoryName(eventStore) ?? Path.GetFullPath("data"), SchedulerOptions.DefaultDatabaseFileName));
        if (eventStore is not null && string.Equals(path, Path.GetFullPath(eventStore), StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Scheduler:DatabasePath must not be the event store's file ({eventStore}): the job storage opens its file with another SQLite library.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SQLiteStorage(path, new SQLiteStorageOptions
        {
            QueuePollInterval = options.PollInterval,
            JournalMode = SQLiteStorageOptions.JournalModes.WAL,
        });
    }
}
