using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.BuildingBlocks.Projections;

/// <summary>Registered by <c>m.PortableReadModels()</c>: the module's read-model SQL is portable, so its tables, their projections'
/// checkpoints and its migrations follow <c>Data:Engine</c> (on PostgreSQL: on the server, shared by every host).</summary>
public sealed record PortableReadModelModule(string Module);

/// <summary>Registered by <c>m.Projection&lt;T&gt;()</c>: which module a projection belongs to.</summary>
public sealed record ProjectionOwner(Type ProjectionType, string Module);

/// <summary>The two read-model databases of a host: <see cref="Local"/> (the SQLite file in its data folder) and <see cref="Shared"/>
/// (the engine's: the same SQLite file by default, the PostgreSQL server with <c>Data:Engine=postgresql</c>). Independent of the
/// registered projections, so a module's query services can depend on <see cref="IReadModelDatabase"/> (= <see cref="Shared"/>).</summary>
public sealed class ReadModelDatabases
{
    public ReadModelDatabases(SqliteConnectionFactory sqlite, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Local = new SqliteReadModelDatabase(sqlite);
        OnServer = services.GetService<DatabaseSettings>()?.Engine == DatabaseEngine.PostgreSql;
        Shared = OnServer ? new PostgreSqlReadModelDatabase(services.GetRequiredService<PostgreSqlConnectionFactory>()) : Local;
    }

    public SqliteReadModelDatabase Local { get; }

    public IReadModelDatabase Shared { get; }

    /// <summary>True when <see cref="Shared"/> is the PostgreSQL server (and differs from <see cref="Local"/>).</summary>
    public bool OnServer { get; }

    public IReadOnlyList<IReadModelDatabase> All => OnServer ? [Local, Shared] : [Local];
}

/// <summary>Which database each projection (rows + checkpoint, one transaction), each module's migrations and each reactor's
/// checkpoint use. Projections of modules that declared <c>PortableReadModels()</c> go to <see cref="ReadModelDatabases.Shared"/>
/// and, on the server engine, run under a lease (one host at a time); every other projection, and every reactor, keeps its
/// checkpoint in the host's SQLite file (reactors are leased and record their position on the server: ADR 0011).</summary>
public sealed class ReadModelPlacement
{
    private readonly HashSet<string> _portableModules;
    private readonly HashSet<string> _onServer;

    public ReadModelPlacement(
        ReadModelDatabases databases,
        IEnumerable<IProjection> projections,
        IEnumerable<ProjectionOwner> owners,
        IEnumerable<PortableReadModelModule> portableModules)
    {
        Databases = databases;
        _portableModules = portableModules.Select(m => m.Module).ToHashSet(StringComparer.Ordinal);
        var ownerOf = owners.GroupBy(o => o.ProjectionType).ToDictionary(g => g.Key, g => g.First().Module);
        _onServer = databases.OnServer
            ? projections.Where(p => ownerOf.TryGetValue(p.GetType(), out var module) && _portableModules.Contains(module))
                .Select(p => p.Name)
                .ToHashSet(StringComparer.Ordinal)
            : [];
    }

    /// <summary>Everything in the one SQLite file (tests that build the platform by hand, tools).</summary>
    public static ReadModelPlacement Local(SqliteConnectionFactory sqlite) =>
        new(new ReadModelDatabases(sqlite, EmptyServices.Instance), [], [], []);

    public ReadModelDatabases Databases { get; }

    /// <summary>True when the subscriber's rows and checkpoint are on the PostgreSQL server (shared by the hosts, leased).</summary>
    public bool IsOnServer(string subscriberName) => _onServer.Contains(subscriberName);

    /// <summary>The names of the projections on the server.</summary>
    public IReadOnlyCollection<string> OnServer => _onServer;

    public IReadModelDatabase For(string subscriberName) => IsOnServer(subscriberName) ? Databases.Shared : Databases.Local;

    /// <summary>Where a module's migrations run.</summary>
    public IReadModelDatabase ForModule(string module) =>
        Databases.OnServer && _portableModules.Contains(module) ? Databases.Shared : Databases.Local;

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
