-- The members' normalised search text (company name and member id, lower case, no accents), filled by the projection
-- membership.member-search so that a clerk's search ignores case and accents with portable SQL (LIKE on a plain column).
CREATE TABLE IF NOT EXISTS membership_member_search (
    member_id   TEXT PRIMARY KEY,
    office_id   TEXT NOT NULL,
    search_text TEXT NOT NULL
);
