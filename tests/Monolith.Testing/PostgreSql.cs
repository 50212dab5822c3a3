using Monolith.BuildingBlocks.Persistence;
using Npgsql;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Monolith.Testing;

/// <summary>Marks a test class (and its subclasses) that needs the PostgreSQL server named by <see cref="PostgreSqlTestServer.EnvironmentVariable"/>.
/// When the variable is absent, <see cref="MonolithTestFramework"/> reports every test of the class as skipped, saying why, instead of
/// running it; CI sets the variable (tools/postgres.sh), so there they run.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresPostgreSqlAttribute : Attribute;

/// <summary>The PostgreSQL server the tests may use.</summary>
public static class PostgreSqlTestServer
{
    public const string EnvironmentVariable = "MONOLITH_TEST_POSTGRES";

    public const string SkipReason =
        "PostgreSQL tests need " + EnvironmentVariable + " (a connection string; `source tools/postgres.sh` installs, starts and exports it; .ci/run does)";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : null;
}

/// <summary>A fresh schema in the test server's database, used through the connection string's <c>Search Path</c>: the platform's
/// unqualified tables land in it, isolated from every other test. Dropped (with everything in it) on dispose.</summary>
public sealed class TempPostgreSqlSchema : IAsyncDisposable, IDisposable
{
    public TempPostgreSqlSchema()
    {
        var server = PostgreSqlTestServer.ConnectionString
            ?? throw new InvalidOperationException(PostgreSqlTestServer.SkipReason);
        Schema = "t_" + Guid.NewGuid().ToString("N");
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {Schema}", admin);
            command.ExecuteNonQuery();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = Schema }.ConnectionString;
        Connections = new PostgreSqlConnectionFactory(ConnectionString);
    }

    public string Schema { get; }

    public string ConnectionString { get; }

    public PostgreSqlConnectionFactory Connections { get; }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Connections.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Connections.DisposeAsync();
        await using var admin = new NpgsqlConnection(PostgreSqlTestServer.ConnectionString);
        await admin.OpenAsync();
        // The schema and, next to it, the job storage's (Hangfire.PostgreSql names it {search path}_jobs).
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE; DROP SCHEMA IF EXISTS {Schema}_jobs CASCADE", admin);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>xunit's framework, plus one rule: a test in a class marked <see cref="RequiresPostgreSqlAttribute"/> is discovered as
/// skipped (with <see cref="PostgreSqlTestServer.SkipReason"/>) when no PostgreSQL server is configured. Enable it in a test
/// assembly with <c>[assembly: TestFramework("Monolith.Testing.MonolithTestFramework", "Monolith.Testing")]</c>.</summary>
public sealed class MonolithTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assembly, ISourceInformationProvider sourceProvider, IMessageSink diagnostics)
        : XunitTestFrameworkDiscoverer(assembly, sourceProvider, diagnostics)
    {
        protected override bool FindTestsForMethod(
            ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (PostgreSqlTestServer.ConnectionString is null
                && testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgreSqlAttribute)).Any()
                && testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
            {
                var skipped = new XunitSkippedDataRowTestCase(
                    DiagnosticMessageSink,
                    discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(),
                    testMethod,
                    PostgreSqlTestServer.SkipReason);
                return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
            }

            return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
        }
    }
}
