using Microsoft.Data.Sqlite;

namespace Monolith.BuildingBlocks.Persistence;

public static class SqliteTransactions
{
    /// <summary>Begins a write transaction with <c>BEGIN IMMEDIATE</c>: it takes the write lock at once, so a read-then-write
    /// transaction never fails with SQLITE_BUSY half-way in WAL mode (it waits for the busy timeout instead).</summary>
    public static SqliteTransaction BeginWrite(this SqliteConnection connection) =>
        connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
}
