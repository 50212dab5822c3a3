using Microsoft.Data.Sqlite;
using Monolith.BuildingBlocks.Persistence;

namespace Monolith.Testing;

/// <summary>A fresh SQLite database file in its own temp folder, deleted (with its WAL files) on dispose.
/// One per test: <c>using var db = new TempDatabase();</c> then <c>db.Connections</c>.</summary>
public sealed class TempDatabase : IDisposable, IAsyncDisposable
{
    public TempDatabase(string fileName = "monolith.db")
    {
        Folder = Path.Combine(Path.GetTempPath(), "monolith-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        FilePath = Path.Combine(Folder, fileName);
        Connections = new SqliteConnectionFactory(FilePath);
    }

    public string Folder { get; }

    public string FilePath { get; }

    public SqliteConnectionFactory Connections { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(Folder))
                {
                    Directory.Delete(Folder, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 5)
            {
                // A pooled handle closed by ClearAllPools may be released a moment later (Windows); try again.
                SqliteConnection.ClearAllPools();
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
