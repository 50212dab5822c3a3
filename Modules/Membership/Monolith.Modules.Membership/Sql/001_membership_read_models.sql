-- Membership read models (rebuildable from the log).
CREATE TABLE IF NOT EXISTS membership_campaigns (
    office_id  TEXT NOT NULL,
    year       INTEGER NOT NULL,
    name       TEXT NOT NULL,
    status     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (office_id, year)
);

CREATE TABLE IF NOT EXISTS membership_products (
    office_id        TEXT NOT NULL,
    year             INTEGER NOT NULL,
    product_id       TEXT NOT NULL,
    position         INTEGER NOT NULL,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL,
    price_ttc        INTEGER NOT NULL,
    vat_basis_points INTEGER NOT NULL,
    vat_out_of_scope TEXT NULL,
    stock            INTEGER NULL,
    sold             INTEGER NOT NULL DEFAULT 0,
    mandatory        INTEGER NOT NULL,
    prerequisites    TEXT NOT NULL,
    PRIMARY KEY (office_id, year, product_id)
);

CREATE TABLE IF NOT EXISTS membership_members (
    member_id       TEXT PRIMARY KEY,
    office_id       TEXT NOT NULL,
    company_name    TEXT NOT NULL,
    login_email     TEXT NOT NULL,
    offers_json     TEXT NOT NULL,
    invitations     INTEGER NOT NULL DEFAULT 0,
    registered_at   TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_membership_members_office ON membership_members (office_id, company_name);

CREATE TABLE IF NOT EXISTS membership_orders (
    order_id        TEXT PRIMARY KEY,
    office_id       TEXT NOT NULL,
    member_id       TEXT NOT NULL,
    year            INTEGER NOT NULL,
    status          TEXT NOT NULL,
    number          TEXT NULL,
    payment_method  TEXT NULL,
    product_count   INTEGER NOT NULL DEFAULT 0,
    total_ttc       INTEGER NOT NULL DEFAULT 0,
    total_vat       INTEGER NOT NULL DEFAULT 0,
    invoice_id      TEXT NULL,
    invoice_number  TEXT NULL,
    validated_at    TEXT NULL,
    paid_on         TEXT NULL,
    info_due_on     TEXT NULL,
    info_confirmed  INTEGER NOT NULL DEFAULT 0,
    reminders_sent  TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_membership_orders_office ON membership_orders (office_id, year, status);
CREATE INDEX IF NOT EXISTS ix_membership_orders_member ON membership_orders (office_id, member_id);
