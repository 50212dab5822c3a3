namespace Monolith.Host.Tests;

/// <summary>A fact about the SQLite engine's own file (a test that edits <c>monolith.db</c> between two starts of the host): reported as
/// skipped, with the reason, when the host tests run on the PostgreSQL engine (<c>MONOLITH_TEST_ENGINE=postgresql</c>), whose log is
/// not in that file.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteEngineFactAttribute : FactAttribute
{
    public SqliteEngineFactAttribute()
    {
        if (TempHostApp.RunsOnPostgreSql)
        {
            Skip = "edits the SQLite file between two starts of the host: SQLite engine only (the PostgreSQL engine's log is on the server).";
        }
    }
}
