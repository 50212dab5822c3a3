-- Bookings module read models (rebuildable from the log). Dates are 'yyyy-MM-dd' in the office's calendar.
-- One row per group booking: what the lists show and what the reminder job scans.
CREATE TABLE IF NOT EXISTS bookings_group_bookings (
    booking_id            TEXT PRIMARY KEY,
    office_id             TEXT NOT NULL,
    reference             TEXT NOT NULL,
    customer_id           TEXT NOT NULL,
    customer_name         TEXT NOT NULL,
    title                 TEXT NOT NULL,
    start_date            TEXT NOT NULL,
    end_date              TEXT NOT NULL,
    status                TEXT NOT NULL,
    valid_until           TEXT NOT NULL,
    total                 INTEGER NOT NULL,
    terms_version         INTEGER NOT NULL,
    intermediate_deadline TEXT NULL,
    final_deadline        TEXT NOT NULL,
    intermediate_given    INTEGER NOT NULL DEFAULT 0,
    final_given           INTEGER NOT NULL DEFAULT 0,
    updated_at            TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_bookings_group_office_status ON bookings_group_bookings (office_id, status, start_date);
CREATE INDEX IF NOT EXISTS ix_bookings_group_office_customer ON bookings_group_bookings (office_id, customer_id);

-- Credit notes (avoirs) by customer, with what remains and until when.
CREATE TABLE IF NOT EXISTS bookings_credit_notes (
    credit_note_id    TEXT PRIMARY KEY,
    office_id         TEXT NOT NULL,
    reference         TEXT NOT NULL,
    customer_id       TEXT NOT NULL,
    customer_name     TEXT NOT NULL,
    source_booking_id TEXT NOT NULL,
    amount            INTEGER NOT NULL,
    remaining         INTEGER NOT NULL,
    paid_on           TEXT NOT NULL,
    expires_on        TEXT NOT NULL,
    status            TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_bookings_credit_notes_office ON bookings_credit_notes (office_id, customer_id, status);
