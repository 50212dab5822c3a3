-- Billing read models (rebuildable from the log). Amounts in cents; dates as yyyy-MM-dd.
CREATE TABLE IF NOT EXISTS billing_invoices (
    office_id        TEXT NOT NULL,
    invoice_id       TEXT NOT NULL,
    number           TEXT NOT NULL,
    customer_id      TEXT NOT NULL,
    issue_date       TEXT NOT NULL,
    due_date         TEXT NOT NULL,
    label            TEXT NOT NULL,
    total_ht         INTEGER NOT NULL,
    total_vat        INTEGER NOT NULL,
    total_ttc        INTEGER NOT NULL,
    settled          INTEGER NOT NULL DEFAULT 0,
    source_module    TEXT NOT NULL,
    source_reference TEXT NOT NULL,
    issued_at        TEXT NOT NULL,
    PRIMARY KEY (office_id, invoice_id)
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_billing_invoices_source ON billing_invoices (office_id, source_module, source_reference);
CREATE INDEX IF NOT EXISTS ix_billing_invoices_customer ON billing_invoices (office_id, customer_id);

CREATE TABLE IF NOT EXISTS billing_credit_notes (
    office_id      TEXT NOT NULL,
    credit_note_id TEXT NOT NULL,
    document_id    TEXT NOT NULL,
    number         TEXT NOT NULL,
    invoice_id     TEXT NOT NULL,
    customer_id    TEXT NOT NULL,
    issue_date     TEXT NOT NULL,
    total_ttc      INTEGER NOT NULL,
    PRIMARY KEY (office_id, credit_note_id)
);
