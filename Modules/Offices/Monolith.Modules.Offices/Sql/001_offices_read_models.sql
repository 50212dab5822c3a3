-- Offices module read models (rebuildable from the log).
CREATE TABLE IF NOT EXISTS offices_offices (
    office_id     TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    time_zone     TEXT NOT NULL,
    legal_json    TEXT NULL,
    terms_version INTEGER NOT NULL DEFAULT 0,
    registered_at TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS offices_terms (
    office_id      TEXT NOT NULL,
    version        INTEGER NOT NULL,
    title          TEXT NOT NULL,
    text           TEXT NOT NULL,
    settings_json  TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    published_at   TEXT NOT NULL,
    PRIMARY KEY (office_id, version)
);

CREATE TABLE IF NOT EXISTS offices_users (
    user_id          TEXT PRIMARY KEY,
    office_id        TEXT NOT NULL,
    email            TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    display_name     TEXT NOT NULL,
    roles            TEXT NOT NULL,
    customer_id      TEXT NULL,
    password_hash    TEXT NULL,
    active           INTEGER NOT NULL,
    erased           INTEGER NOT NULL DEFAULT 0,
    registered_at    TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_offices_users_login ON offices_users (office_id, email_normalized);
