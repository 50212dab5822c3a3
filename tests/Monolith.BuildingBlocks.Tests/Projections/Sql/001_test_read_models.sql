-- Read models of the projection tests (applied by MigrationRunner through PlatformStartup).
CREATE TABLE test_counter_totals (
    counter TEXT    NOT NULL PRIMARY KEY,
    total   INTEGER NOT NULL,
    events  INTEGER NOT NULL
);
