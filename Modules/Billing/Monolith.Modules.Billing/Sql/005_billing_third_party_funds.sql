-- Third-party funds (ADR 0022): what the office collected for each partner provider (lines of invoices sold in the provider's name),
-- what credit notes took back and what was paid out to the provider. Rebuildable from the log. Amounts in cents; dates yyyy-MM-dd.
CREATE TABLE IF NOT EXISTS billing_third_party_providers (
    office_id   TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    siren       TEXT NULL,
    PRIMARY KEY (office_id, provider_id)
);

-- kind: 'invoice' (amount > 0: collected for the provider), 'credit-note' (amount < 0), 'payout' (amount < 0: paid to the provider).
CREATE TABLE IF NOT EXISTS billing_third_party_entries (
    office_id   TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    entry_id    TEXT NOT NULL,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    document_id TEXT NOT NULL,
    number      TEXT NOT NULL,
    label       TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    amount      INTEGER NOT NULL,
    PRIMARY KEY (office_id, provider_id, entry_id)
);

CREATE INDEX IF NOT EXISTS ix_billing_third_party_entries_date ON billing_third_party_entries (office_id, provider_id, on_date, position);
