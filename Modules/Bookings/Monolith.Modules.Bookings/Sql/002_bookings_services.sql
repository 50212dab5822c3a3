-- The services catalogue (own and partner providers' services), one row per service: what the catalogue list shows.
CREATE TABLE IF NOT EXISTS bookings_services (
    service_id          TEXT PRIMARY KEY,
    office_id           TEXT NOT NULL,
    label               TEXT NOT NULL,
    kind                TEXT NOT NULL,
    with_lodging        INTEGER NOT NULL,
    duration            TEXT NULL,
    unit_price_ttc      INTEGER NOT NULL,
    vat_rate_bp         INTEGER NOT NULL,
    per_person          INTEGER NOT NULL,
    min_participants    INTEGER NULL,
    max_participants    INTEGER NULL,
    provider_id         TEXT NULL,
    provider_name       TEXT NULL,
    third_party_funds   INTEGER NOT NULL,
    withdrawn           INTEGER NOT NULL DEFAULT 0,
    updated_at          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_bookings_services_office ON bookings_services (office_id, withdrawn, label);
