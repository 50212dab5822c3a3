-- The holders' normalised search text (name and holder id; lower case, no accents), filled by the projection marina.holder-search so
-- that a clerk's search ignores case and accents with portable SQL (LIKE on a plain column). A forgotten holder keeps only the id.
CREATE TABLE IF NOT EXISTS marina_holder_search (
    office_id   TEXT NOT NULL,
    holder_id   TEXT NOT NULL,
    search_text TEXT NOT NULL,
    PRIMARY KEY (office_id, holder_id)
);
