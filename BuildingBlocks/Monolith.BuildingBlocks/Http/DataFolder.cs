using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Http;

/// <summary>The folder that holds everything the host stores: the database file, the e-mail outbox, data-protection keys.</summary>
public sealed record DataFolder(string Path)
{
    public const string ConfigurationKey = "Data:Folder";
    public const string DatabaseFileName = "monolith.db";

    public string DatabasePath => System.IO.Path.Combine(Path, DatabaseFileName);

    /// <summary>A sub-folder, created if missing.</summary>
    public string Sub(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;
}

public static class DataFolderServiceCollectionExtensions
{
    /// <summary>Registers <see cref="TimeProvider.System"/>, the <see cref="DataFolder"/> (configuration <c>Data:Folder</c>, default
    /// <c>data</c>, created on first use) and the <see cref="SqliteConnectionFactory"/> of <c>monolith.db</c> in it. Configuration is
    /// read when the services are first resolved, so a test can override <c>Data:Folder</c> after this call.</summary>
    public static IServiceCollection AddDataFolder(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ =>
        {
            var configured = configuration[DataFolder.ConfigurationKey];
            var path = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured);
            Directory.CreateDirectory(path);
            return new DataFolder(path);
        });
        services.TryAddSingleton(sp => new SqliteConnectionFactory(
            sp.GetRequiredService<DataFolder>().DatabasePath,
            synchronousFull: !bool.TryParse(configuration["Data:SynchronousFull"], out var full) || full));
        return services;
    }
}
