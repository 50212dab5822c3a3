-- Open invitations to set a password (only the SHA-256 of the token is stored).
CREATE TABLE IF NOT EXISTS offices_invitations (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL,
    office_id  TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_offices_invitations_user ON offices_invitations (user_id);
