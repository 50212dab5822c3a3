using Microsoft.AspNetCore.Hosting;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Testing;

namespace Monolith.Host.Tests.PostgreSql;

/// <summary>The real host on the PostgreSQL engine, configured the way an operator does it (<c>Data:Engine</c> and
/// <c>ConnectionStrings:Monolith</c>), against a schema the test owns — several apps given the same schema are several hosts
/// sharing one database. Each keeps its own data folder.</summary>
public sealed class PostgreSqlHostApp(TempPostgreSqlSchema schema, string name = "postgresql") : TempHostApp(name)
{
    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.UseSetting(DatabaseSettings.EngineKey, "postgresql");
        builder.UseSetting("ConnectionStrings:" + DatabaseSettings.ConnectionStringName, schema.ConnectionString);
        builder.UseSetting("Scheduler:AutoStart", "false");
    }
}
