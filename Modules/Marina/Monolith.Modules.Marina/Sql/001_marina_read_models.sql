-- Marina read models (rebuildable from the log). Dates are ISO yyyy-MM-dd text, amounts integer cents.
CREATE TABLE IF NOT EXISTS marina_berths (
    office_id     TEXT NOT NULL,
    berth_id      TEXT NOT NULL,
    pontoon       TEXT NOT NULL,
    number        TEXT NOT NULL,
    category      TEXT NOT NULL,
    max_length_cm INTEGER NOT NULL,
    max_beam_cm   INTEGER NOT NULL,
    PRIMARY KEY (office_id, berth_id)
);

CREATE TABLE IF NOT EXISTS marina_holders (
    office_id      TEXT NOT NULL,
    holder_id      TEXT NOT NULL,
    name           TEXT NOT NULL,
    email          TEXT NULL,
    portal_user_id TEXT NULL,
    registered_at  TEXT NOT NULL,
    PRIMARY KEY (office_id, holder_id)
);
CREATE INDEX IF NOT EXISTS ix_marina_holders_email ON marina_holders (office_id, email);

CREATE TABLE IF NOT EXISTS marina_boats (
    office_id    TEXT NOT NULL,
    holder_id    TEXT NOT NULL,
    boat_id      TEXT NOT NULL,
    name         TEXT NOT NULL,
    registration TEXT NOT NULL,
    length_cm    INTEGER NOT NULL,
    beam_cm      INTEGER NOT NULL,
    PRIMARY KEY (office_id, holder_id, boat_id)
);

CREATE TABLE IF NOT EXISTS marina_absences (
    office_id  TEXT NOT NULL,
    holder_id  TEXT NOT NULL,
    absence_id TEXT NOT NULL,
    from_date  TEXT NOT NULL,
    to_date    TEXT NOT NULL,
    PRIMARY KEY (office_id, holder_id, absence_id)
);

CREATE TABLE IF NOT EXISTS marina_contracts (
    office_id      TEXT NOT NULL,
    contract_id    TEXT NOT NULL,
    holder_id      TEXT NOT NULL,
    berth_id       TEXT NOT NULL,
    boat_id        TEXT NOT NULL,
    season         INTEGER NOT NULL,
    season_start   TEXT NOT NULL,
    season_end     TEXT NOT NULL,
    version        INTEGER NOT NULL,
    status         TEXT NOT NULL,
    total_ttc      INTEGER NOT NULL,
    steps_done     INTEGER NOT NULL DEFAULT 0,
    signed_at      TEXT NULL,
    invoice_id     TEXT NULL,
    invoice_number TEXT NULL,
    renewal_of     TEXT NULL,
    PRIMARY KEY (office_id, contract_id)
);
CREATE INDEX IF NOT EXISTS ix_marina_contracts_holder ON marina_contracts (office_id, holder_id);
CREATE INDEX IF NOT EXISTS ix_marina_contracts_season ON marina_contracts (office_id, season);

-- Every invoice billing issued at the marina's request: contracts' and services' ("Facture de prestation").
CREATE TABLE IF NOT EXISTS marina_invoices (
    office_id   TEXT NOT NULL,
    invoice_id  TEXT NOT NULL,
    number      TEXT NOT NULL,
    holder_id   TEXT NOT NULL,
    contract_id TEXT NULL,
    label       TEXT NOT NULL,
    issue_date  TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    total_ttc   INTEGER NOT NULL,
    PRIMARY KEY (office_id, invoice_id)
);
CREATE INDEX IF NOT EXISTS ix_marina_invoices_number ON marina_invoices (office_id, number);

CREATE TABLE IF NOT EXISTS marina_mandates (
    office_id    TEXT NOT NULL,
    mandate_id   TEXT NOT NULL,
    holder_id    TEXT NOT NULL,
    contract_id  TEXT NULL,
    rum          TEXT NOT NULL,
    status       TEXT NOT NULL,
    signed_on    TEXT NOT NULL,
    last_used_on TEXT NOT NULL,
    lapses_on    TEXT NOT NULL,
    warned_for   TEXT NULL,
    PRIMARY KEY (office_id, mandate_id)
);
CREATE INDEX IF NOT EXISTS ix_marina_mandates_holder ON marina_mandates (office_id, holder_id);

CREATE TABLE IF NOT EXISTS marina_debits (
    office_id       TEXT NOT NULL,
    debit_id        TEXT NOT NULL,
    collection_date TEXT NOT NULL,
    holder_id       TEXT NOT NULL,
    invoice_id      TEXT NOT NULL,
    invoice_number  TEXT NOT NULL,
    amount          INTEGER NOT NULL,
    mandate_id      TEXT NOT NULL,
    rum             TEXT NOT NULL,
    status          TEXT NOT NULL,
    sequence        TEXT NULL,
    message_id      TEXT NULL,
    reason_code     TEXT NULL,
    PRIMARY KEY (office_id, debit_id)
);
CREATE INDEX IF NOT EXISTS ix_marina_debits_date ON marina_debits (office_id, collection_date);
CREATE INDEX IF NOT EXISTS ix_marina_debits_invoice ON marina_debits (office_id, invoice_id);
CREATE INDEX IF NOT EXISTS ix_marina_debits_message ON marina_debits (office_id, message_id);

CREATE TABLE IF NOT EXISTS marina_mandate_uses (
    office_id       TEXT NOT NULL,
    mandate_id      TEXT NOT NULL,
    debit_id        TEXT NOT NULL,
    collection_date TEXT NOT NULL,
    rejected        INTEGER NOT NULL,
    PRIMARY KEY (office_id, mandate_id, debit_id)
);
