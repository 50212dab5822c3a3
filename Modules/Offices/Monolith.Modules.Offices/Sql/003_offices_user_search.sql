-- The staff users' normalised search text (display name, e-mail; lower case, no accents), filled by the projection offices.user-search
-- so that the users list's search ignores case and accents with portable SQL (LIKE on a plain column). Forgetting a person empties it.
CREATE TABLE IF NOT EXISTS offices_user_search (
    user_id     TEXT PRIMARY KEY,
    office_id   TEXT NOT NULL,
    search_text TEXT NOT NULL
);
