-- No primary key on purpose: a double apply shows as two rows.
CREATE TABLE test_applied (
    projection TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    event_id   TEXT    NOT NULL
);
