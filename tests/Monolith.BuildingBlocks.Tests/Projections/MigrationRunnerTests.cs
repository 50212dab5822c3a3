using Monolith.BuildingBlocks.Projections.Migrations;
using Monolith.BuildingBlocks.Tests.Projections.Support;

namespace Monolith.BuildingBlocks.Tests.Projections;

public sealed class MigrationRunnerTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public void Dispose() => _db.Dispose();

    private static MigrationScript Script(string name, string sql) => new("billing", name, sql);

    [Fact]
    public void Embedded_scripts_are_found_by_prefix_and_ordered_by_name()
    {
        var scripts = MigrationRunner.LoadScripts(new ModuleMigrations("tests", typeof(MigrationRunnerTests).Assembly, "Monolith.BuildingBlocks.Tests.Projections.Sql"));

        scripts.Select(s => s.Script).Should().Equal("001_test_read_models.sql", "002_test_applied.sql");
        scripts[0].Sql.Should().Contain("CREATE TABLE test_counter_totals");
    }

    [Fact]
    public async Task Scripts_are_applied_in_name_order_once_and_recorded()
    {
        // given out of order: 002 needs the table of 001
        var scripts = new[]
        {
            Script("002_index.sql", "CREATE INDEX billing_invoices_by_number ON billing_invoices (number);"),
            Script("001_invoices.sql", "CREATE TABLE billing_invoices (id TEXT PRIMARY KEY, number TEXT NOT NULL);"),
        };

        var first = await MigrationRunner.RunAsync(_db.Connections, scripts, _clock);
        var second = await MigrationRunner.RunAsync(_db.Connections, scripts, _clock);

        first.Select(s => s.Script).Should().Equal("001_invoices.sql", "002_index.sql");
        second.Should().BeEmpty();
        var recorded = await _db.QueryAsync<(string Module, string Script, string Checksum, string AppliedAt)>(
            "SELECT module, script, checksum, applied_at FROM platform_schema_migrations ORDER BY script");
        recorded.Should().Equal(
            ("billing", "001_invoices.sql", scripts[1].Checksum, "2026-01-02T03:04:05.0000000+00:00"),
            ("billing", "002_index.sql", scripts[0].Checksum, "2026-01-02T03:04:05.0000000+00:00"));
    }

    [Fact]
    public async Task An_edited_applied_script_fails_fast_before_anything_new_runs()
    {
        await MigrationRunner.RunAsync(_db.Connections, [Script("001_invoices.sql", "CREATE TABLE billing_invoices (id TEXT PRIMARY KEY);")]);

        var act = () => MigrationRunner.RunAsync(_db.Connections,
        [
            Script("001_invoices.sql", "CREATE TABLE billing_invoices (id TEXT PRIMARY KEY, total INTEGER);"),
            Script("002_lines.sql", "CREATE TABLE billing_lines (id TEXT PRIMARY KEY);"),
        ]);

        (await act.Should().ThrowAsync<MigrationChecksumMismatchException>())
            .Which.Message.Should().Contain("billing/001_invoices.sql").And.Contain("never be edited");
        (await _db.ScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'billing_lines'")).Should().Be(0);
    }

    [Fact]
    public async Task Line_ending_changes_do_not_count_as_edits()
    {
        await MigrationRunner.RunAsync(_db.Connections, [Script("001_a.sql", "CREATE TABLE a (x INTEGER);\nCREATE TABLE b (y INTEGER);\n")]);

        var again = await MigrationRunner.RunAsync(_db.Connections, [Script("001_a.sql", "CREATE TABLE a (x INTEGER);\r\nCREATE TABLE b (y INTEGER);\r\n")]);

        again.Should().BeEmpty();
    }

    [Fact]
    public async Task A_failing_script_is_rolled_back_whole_and_not_recorded()
    {
        var act = () => MigrationRunner.RunAsync(_db.Connections,
        [
            Script("001_ok.sql", "CREATE TABLE ok (x INTEGER);"),
            Script("002_bad.sql", "CREATE TABLE half (x INTEGER); CREATE TABLE broken (;"),
        ]);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("billing/002_bad.sql");
        (await _db.QueryAsync<string>("SELECT script FROM platform_schema_migrations")).Should().Equal("001_ok.sql");
        (await _db.ScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'")).Should().Be(0);
    }
}
