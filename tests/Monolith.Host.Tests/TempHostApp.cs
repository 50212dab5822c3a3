using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.Host.Tests;

/// <summary>The real host with its real modules on a data folder of its own (deleted after), no demo office, and office
/// provisioning enabled with <see cref="ProvisioningKey"/>. Each module's test app adds its own settings and helpers.</summary>
public abstract class TempHostApp : WebApplicationFactory<Program>
{
    public const string ProvisioningKey = "test-provisioning-key";
    public const string Password = "Correct horse battery staple 42";

    private string? _connectionString;

    protected TempHostApp(string name) =>
        DataFolderPath = Path.Combine(Path.GetTempPath(), $"monolith-{name}-tests", Guid.NewGuid().ToString("N"));

    public string DataFolderPath { get; }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(DataFolder.ConfigurationKey, DataFolderPath);
        builder.UseSetting("Bootstrap:DemoOffice", "false");
        builder.UseSetting("Platform:ProvisioningKey", ProvisioningKey);
        ConfigureHost(builder);
    }

    /// <summary>Settings and test services of the derived app.</summary>
    protected virtual void ConfigureHost(IWebHostBuilder builder)
    {
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _connectionString = host.Services.GetRequiredService<SqliteConnectionFactory>().ConnectionString;
        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDataFolder();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DeleteDataFolder();
        }
    }

    private void DeleteDataFolder()
    {
        if (_connectionString is not null)
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        }

        if (Directory.Exists(DataFolderPath))
        {
            Directory.Delete(DataFolderPath, recursive: true);
        }
    }
}
