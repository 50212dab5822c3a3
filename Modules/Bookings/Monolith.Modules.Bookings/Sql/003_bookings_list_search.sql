-- The group bookings' normalised search text (title, reference, customer name and id; lower case, no accents), filled by the
-- projection bookings.group-booking-search so that a clerk's search ignores case and accents with portable SQL (LIKE on a plain column).
-- booking_text keeps the booking's own part, so that a transfer to another customer rewrites only the customer's part.
CREATE TABLE IF NOT EXISTS bookings_group_booking_search (
    booking_id   TEXT PRIMARY KEY,
    office_id    TEXT NOT NULL,
    booking_text TEXT NOT NULL,
    search_text  TEXT NOT NULL
);

-- The catalogue services' normalised label and provider (projection bookings.service-search), for the catalogue's search.
CREATE TABLE IF NOT EXISTS bookings_service_search (
    service_id  TEXT PRIMARY KEY,
    office_id   TEXT NOT NULL,
    search_text TEXT NOT NULL
);
