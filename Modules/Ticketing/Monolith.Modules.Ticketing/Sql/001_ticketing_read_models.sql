CREATE TABLE IF NOT EXISTS ticketing_shows (
    office_id TEXT NOT NULL,
    show_id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    organiser TEXT NOT NULL,
    organiser_is_partner INTEGER NOT NULL,
    vat_rate_bp INTEGER NOT NULL,
    handling_fee INTEGER NOT NULL,
    max_seats_per_person INTEGER NOT NULL,
    max_seats_per_order INTEGER NOT NULL,
    nominative INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (office_id, show_id)
);

CREATE TABLE IF NOT EXISTS ticketing_sessions (
    office_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    show_id TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NULL,
    seating TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    held INTEGER NOT NULL DEFAULT 0,
    sold INTEGER NOT NULL DEFAULT 0,
    min_participants INTEGER NULL,
    minimum_check_at TEXT NULL,
    status TEXT NOT NULL,
    cancel_reason TEXT NULL,
    postponement_session_id TEXT NULL,
    PRIMARY KEY (office_id, session_id)
);
CREATE INDEX IF NOT EXISTS ix_ticketing_sessions_show ON ticketing_sessions (office_id, show_id, starts_at);
CREATE INDEX IF NOT EXISTS ix_ticketing_sessions_minimum ON ticketing_sessions (status, minimum_check_at);

CREATE TABLE IF NOT EXISTS ticketing_holds (
    office_id TEXT NOT NULL,
    hold_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    seats INTEGER NOT NULL,
    expires_at TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (office_id, hold_id)
);
CREATE INDEX IF NOT EXISTS ix_ticketing_holds_due ON ticketing_holds (status, expires_at);

CREATE TABLE IF NOT EXISTS ticketing_orders (
    office_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    buyer_id TEXT NOT NULL,
    buyer_name TEXT NOT NULL,
    buyer_email TEXT NOT NULL,
    seats INTEGER NOT NULL,
    face_value INTEGER NOT NULL,
    fees INTEGER NOT NULL,
    total INTEGER NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    invoice_id TEXT NULL,
    invoice_number TEXT NULL,
    paid_on TEXT NULL,
    placed_at TEXT NOT NULL,
    PRIMARY KEY (office_id, order_id)
);
CREATE INDEX IF NOT EXISTS ix_ticketing_orders_invoice ON ticketing_orders (office_id, invoice_id);

CREATE TABLE IF NOT EXISTS ticketing_tickets (
    office_id TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    show_id TEXT NOT NULL,
    category TEXT NOT NULL,
    rate_code TEXT NOT NULL,
    price_category TEXT NOT NULL,
    number INTEGER NOT NULL,
    face_value INTEGER NOT NULL,
    vat_rate_bp INTEGER NOT NULL,
    seat TEXT NULL,
    holder TEXT NULL,
    issued_on TEXT NOT NULL,
    status TEXT NOT NULL,
    first_scan_at TEXT NULL,
    first_gate TEXT NULL,
    PRIMARY KEY (office_id, ticket_id),
    UNIQUE (office_id, session_id, price_category, number)
);
CREATE INDEX IF NOT EXISTS ix_ticketing_tickets_statement ON ticketing_tickets (office_id, session_id, issued_on, price_category);
CREATE INDEX IF NOT EXISTS ix_ticketing_tickets_order ON ticketing_tickets (office_id, order_id);
