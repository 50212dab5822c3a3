using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monolith.BuildingBlocks.Persistence;
using Quartz;

namespace Monolith.BuildingBlocks.Jobs;

public static class SchedulerServiceCollectionExtensions
{
    /// <summary>Quartz with its persistent ADO.NET job store in the one SQLite database (connections from the registered
    /// <see cref="SqliteConnectionFactory"/>; <c>QRTZ_*</c> tables created if missing), System.Text.Json job data, and a hosted
    /// service that starts it. Jobs come from the modules' <c>m.Job&lt;T&gt;(cron)</c> declarations. Also registers
    /// <see cref="IJobTrigger"/> (fire now) and <see cref="JobRunner"/> (run inline). Options: section <c>Scheduler</c>.</summary>
    public static IServiceCollection AddScheduler(this IServiceCollection services, IConfiguration? configuration = null, Action<SchedulerOptions>? configure = null)
    {
        var options = new SchedulerOptions();
        configuration?.GetSection(SchedulerOptions.SectionName).Bind(options);
        configure?.Invoke(options);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IJobTrigger, QuartzJobTrigger>();
        services.TryAddSingleton<JobRunner>();

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = options.InstanceName);
            q.UsePersistentStore(store =>
            {
                store.UseSqlite(ds => ds.DataSourceFactory = sp =>
                    SqliteFactory.Instance.CreateDataSource(sp.GetRequiredService<SqliteConnectionFactory>().ConnectionString));
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
                store.ConfigureStore(o => o.MisfireThreshold = options.MisfireThreshold);
            });
        });

        // Registered before Quartz's hosted service so the declared schedule is in the store before the scheduler starts.
        services.AddHostedService<JobScheduleRegistrar>();
        services.AddQuartzHostedService(o =>
        {
            o.AutoStart = options.AutoStart;
            o.WaitForJobsToComplete = true;
        });
        return services;
    }
}
