-- Subscriptions module read models (rebuildable from the log). Dates are 'yyyy-MM-dd' in the office's time zone.
CREATE TABLE IF NOT EXISTS subscriptions_offers (
    office_id   TEXT NOT NULL,
    offer_id    TEXT NOT NULL,
    name        TEXT NOT NULL,
    max_users   INTEGER NOT NULL,
    price_ttc   INTEGER NOT NULL,
    vat_rate_bp INTEGER NOT NULL,
    available   INTEGER NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (office_id, offer_id)
);

-- One row per subscription: its state and the end of its last standing period (what the jobs scan).
CREATE TABLE IF NOT EXISTS subscriptions_subscriptions (
    subscription_id    TEXT PRIMARY KEY,
    office_id          TEXT NOT NULL,
    customer_id        TEXT NOT NULL,
    organisation_name  TEXT NOT NULL,
    offer_id           TEXT NOT NULL,
    offer_name         TEXT NOT NULL,
    max_users          INTEGER NOT NULL,
    manager_account_id TEXT NOT NULL,
    manager_name       TEXT NULL,
    manager_email      TEXT NULL,
    status             TEXT NOT NULL,
    start_date         TEXT NOT NULL,
    end_date           TEXT NOT NULL,
    current_period     INTEGER NOT NULL,
    user_count         INTEGER NOT NULL DEFAULT 0,
    time_zone          TEXT NOT NULL,
    closed_on          TEXT NULL,
    activated_at       TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_subscriptions_state_end ON subscriptions_subscriptions (status, end_date);
CREATE INDEX IF NOT EXISTS ix_subscriptions_office ON subscriptions_subscriptions (office_id, status, end_date);
CREATE INDEX IF NOT EXISTS ix_subscriptions_customer ON subscriptions_subscriptions (office_id, customer_id);

CREATE TABLE IF NOT EXISTS subscriptions_periods (
    subscription_id  TEXT NOT NULL,
    period           INTEGER NOT NULL,
    office_id        TEXT NOT NULL,
    start_date       TEXT NOT NULL,
    end_date         TEXT NOT NULL,
    payment_due_by   TEXT NOT NULL,
    price_ttc        INTEGER NOT NULL,
    vat_rate_bp      INTEGER NOT NULL,
    notice_days      TEXT NOT NULL,
    settled_by       TEXT NULL,
    cancelled        INTEGER NOT NULL DEFAULT 0,
    invoice_id       TEXT NULL,
    invoice_number   TEXT NULL,
    last_notice_step INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (subscription_id, period)
);

CREATE INDEX IF NOT EXISTS ix_subscriptions_periods_unpaid ON subscriptions_periods (settled_by, cancelled, payment_due_by);

-- Users and their subscriber numbers (a removed user keeps their row with removed_on: the number is known but not active).
CREATE TABLE IF NOT EXISTS subscriptions_users (
    subscription_id   TEXT NOT NULL,
    account_id        TEXT NOT NULL,
    office_id         TEXT NOT NULL,
    name              TEXT NOT NULL,
    email             TEXT NOT NULL,
    subscriber_number TEXT NOT NULL,
    from_date         TEXT NOT NULL,
    removed_on        TEXT NULL,
    PRIMARY KEY (subscription_id, account_id)
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_subscriptions_numbers ON subscriptions_users (office_id, subscriber_number);
CREATE INDEX IF NOT EXISTS ix_subscriptions_users_account ON subscriptions_users (office_id, account_id);
