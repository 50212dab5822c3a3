-- The download area (file contents stay in the documents' streams).
CREATE TABLE IF NOT EXISTS marina_documents (
    office_id    TEXT NOT NULL,
    document_id  TEXT NOT NULL,
    title        TEXT NOT NULL,
    category     TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    published_at TEXT NOT NULL,
    withdrawn    INTEGER NOT NULL,
    PRIMARY KEY (office_id, document_id)
);
