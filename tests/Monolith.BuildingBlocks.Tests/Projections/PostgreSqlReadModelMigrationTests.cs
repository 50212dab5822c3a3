using Dapper;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections.Migrations;
using Monolith.Testing;

namespace Monolith.BuildingBlocks.Tests.Projections;

/// <summary>A module's portable migration scripts on PostgreSQL (ADR 0023): SQLite's type names translated, applied once even by
/// hosts starting together, recorded with the script's own checksum.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlReadModelMigrationTests : IAsyncLifetime
{
    private readonly TempPostgreSqlSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [Fact]
    public async Task Scripts_written_for_sqlite_are_applied_once_on_postgresql_with_64_bit_integers_even_by_hosts_starting_together()
    {
        var scripts = new[]
        {
            new MigrationScript("billing", "001_invoices.sql",
                "CREATE TABLE IF NOT EXISTS billing_invoices (office_id TEXT NOT NULL, invoice_id TEXT NOT NULL, total_ttc INTEGER NOT NULL, PRIMARY KEY (office_id, invoice_id));"),
            new MigrationScript("billing", "002_index.sql", "CREATE INDEX IF NOT EXISTS ix_billing_invoices_total ON billing_invoices (office_id, total_ttc);"),
        };
        var database = new PostgreSqlReadModelDatabase(_schema.Connections);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => MigrationRunner.RunAsync(database, scripts))));

        runs.Sum(r => r.Count).Should().Be(2, "each script is applied by exactly one of the hosts");
        await using var connection = await _schema.Connections.OpenAsync();
        (await connection.ExecuteScalarAsync<string>(
                "SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'billing_invoices' AND column_name = 'total_ttc'"))
            .Should().Be("bigint");
        (await connection.QueryAsync<string>("SELECT checksum FROM platform_schema_migrations ORDER BY script"))
            .Should().Equal(scripts[0].Checksum, scripts[1].Checksum);
        await connection.ExecuteAsync("INSERT INTO billing_invoices VALUES ('o', 'i', @cents)", new { cents = 9_000_000_000_000L });
        (await connection.ExecuteScalarAsync<long>("SELECT total_ttc FROM billing_invoices")).Should().Be(9_000_000_000_000L);
    }

    [Fact]
    public void The_translation_replaces_whole_type_words_and_leaves_names_alone() =>
        SqlDialect.ToPostgreSql("CREATE TABLE t (a INTEGER NOT NULL, b REAL, c BLOB, integer_count integer, real_name TEXT)")
            .Should().Be("CREATE TABLE t (a BIGINT NOT NULL, b DOUBLE PRECISION, c BYTEA, integer_count BIGINT, real_name TEXT)");
}
