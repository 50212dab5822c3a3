-- The recipients of each e-mail of billing_emails (issue 9: "did this member get the reminder?"). address is the clear address, opened
-- from the notifier's sealed copy (notifications.email-sent v2, one data subject per address); '[effacé]' once the address's subject was
-- forgotten (platform.data-subject-forgotten), NULL for e-mails recorded before v2 (only their hash is known). search_text: the address
-- lower-cased for ?q=. Rebuildable from the log.
CREATE TABLE IF NOT EXISTS billing_email_recipients (
    office_id    TEXT NOT NULL,
    stream_id    TEXT NOT NULL,
    ordinal      INTEGER NOT NULL,
    address_hash TEXT NOT NULL,
    address      TEXT NULL,
    search_text  TEXT NOT NULL,
    PRIMARY KEY (office_id, stream_id, ordinal)
);

CREATE INDEX IF NOT EXISTS ix_billing_email_recipients_hash ON billing_email_recipients (office_id, address_hash);
