using Microsoft.AspNetCore.Hosting;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.Testing;
using Npgsql;

namespace Monolith.Host.Tests.PostgreSql;

/// <summary>The real host on the PostgreSQL engine, configured the way an operator does it (<c>Data:Engine</c> and
/// <c>ConnectionStrings:Monolith</c>), against a schema the test owns — several apps given the same schema are several hosts
/// sharing one database. Each keeps its own data folder; its connections carry <paramref name="name"/> as application name, so a
/// test can cut them server-side (what the database sees when a host dies).</summary>
public sealed class PostgreSqlHostApp(TempPostgreSqlSchema schema, string name = "postgresql") : TempHostApp(name)
{
    public string Name { get; } = name;

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(schema.ConnectionString) { ApplicationName = Name }.ConnectionString;
        builder.UseSetting(DatabaseSettings.EngineKey, "postgresql");
        builder.UseSetting("ConnectionStrings:" + DatabaseSettings.ConnectionStringName, connectionString);
        builder.UseSetting(SubscriberLeaseOptions.RetryIntervalKey, "00:00:00.300");
        builder.UseSetting("Scheduler:AutoStart", "false");
    }
}
