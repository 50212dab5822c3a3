-- Normalised search texts (lower case, no accents) filled by the projection ticketing.list-search, so that a clerk's search in the
-- staff lists ignores case and accents with portable SQL (LIKE on a plain column): shows by name and organiser, orders by buyer.
CREATE TABLE IF NOT EXISTS ticketing_show_search (
    office_id   TEXT NOT NULL,
    show_id     TEXT NOT NULL,
    search_text TEXT NOT NULL,
    PRIMARY KEY (office_id, show_id)
);

CREATE TABLE IF NOT EXISTS ticketing_order_search (
    office_id   TEXT NOT NULL,
    order_id    TEXT NOT NULL,
    search_text TEXT NOT NULL,
    PRIMARY KEY (office_id, order_id)
);
