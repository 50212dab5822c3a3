-- Billing's staff lists (projection billing.lists, rebuildable from the log): customers with their balances, the customer's name on each
-- invoice and credit note, payments, e-mails sent. Amounts in cents; dates yyyy-MM-dd; instants ISO 8601. search_text is the
-- normalised (lower case, no accents) text a clerk searches, filled by the projection (portable SQL, no collation tricks).
CREATE TABLE IF NOT EXISTS billing_customers (
    office_id        TEXT NOT NULL,
    customer_id      TEXT NOT NULL,
    data_subject_id  TEXT,
    kind             TEXT NOT NULL,
    name             TEXT NOT NULL,
    city             TEXT NOT NULL,
    search_text      TEXT NOT NULL,
    invoice_count    INTEGER NOT NULL DEFAULT 0,
    invoiced         INTEGER NOT NULL DEFAULT 0,
    settled          INTEGER NOT NULL DEFAULT 0,
    credit           INTEGER NOT NULL DEFAULT 0,
    last_invoice_on  TEXT,
    PRIMARY KEY (office_id, customer_id)
);

CREATE TABLE IF NOT EXISTS billing_document_customers (
    office_id       TEXT NOT NULL,
    document_id     TEXT NOT NULL,
    customer_id     TEXT NOT NULL,
    data_subject_id TEXT,
    customer_name   TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    PRIMARY KEY (office_id, document_id)
);

CREATE INDEX IF NOT EXISTS ix_billing_document_customers_subject ON billing_document_customers (office_id, data_subject_id);

CREATE TABLE IF NOT EXISTS billing_credit_note_details (
    office_id      TEXT NOT NULL,
    credit_note_id TEXT NOT NULL,
    invoice_number TEXT NOT NULL,
    reason         TEXT NOT NULL,
    disposition    TEXT NOT NULL,
    PRIMARY KEY (office_id, credit_note_id)
);

CREATE TABLE IF NOT EXISTS billing_payments (
    office_id    TEXT NOT NULL,
    payment_id   TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    method       TEXT NOT NULL,
    reference    TEXT,
    amount       INTEGER NOT NULL,
    allocated    INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL,
    received_on  TEXT,
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (office_id, payment_id)
);

CREATE INDEX IF NOT EXISTS ix_billing_payments_customer ON billing_payments (office_id, customer_id);

CREATE TABLE IF NOT EXISTS billing_emails (
    office_id        TEXT NOT NULL,
    stream_id        TEXT NOT NULL,
    business_key     TEXT NOT NULL,
    template         TEXT NOT NULL,
    subject          TEXT NOT NULL,
    recipients       INTEGER NOT NULL,
    recipient_hashes TEXT NOT NULL,
    sent_at          TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempt          INTEGER NOT NULL,
    error            TEXT,
    PRIMARY KEY (office_id, stream_id)
);

CREATE INDEX IF NOT EXISTS ix_billing_emails_sent_at ON billing_emails (office_id, sent_at);
