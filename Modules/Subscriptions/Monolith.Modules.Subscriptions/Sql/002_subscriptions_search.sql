-- The subscriptions' normalised search text (organisation, customer id, subscription id; lower case, no accents), filled by the
-- projection subscriptions.search so that a clerk's search ignores case and accents with portable SQL (LIKE on a plain column).
CREATE TABLE IF NOT EXISTS subscriptions_subscription_search (
    subscription_id TEXT PRIMARY KEY,
    office_id       TEXT NOT NULL,
    search_text     TEXT NOT NULL
);
