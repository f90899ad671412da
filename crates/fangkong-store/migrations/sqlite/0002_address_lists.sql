-- Units created from published case-address lists (Shanghai 2022 style) stand
-- directly under a district; the flag lets the tree rules allow that for them only.
ALTER TABLE unit_versions ADD COLUMN from_address_list INTEGER NOT NULL DEFAULT 0
    CHECK (from_address_list IN (0, 1));

-- A day on which a compound appeared in a published case-address list: an event
-- for zone tiers. `entries` counts the list entries that normalised to it.
CREATE TABLE address_events (
    unit_id     INTEGER NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    day         TEXT    NOT NULL,
    entries     INTEGER NOT NULL CHECK (entries >= 1),
    recorded_at TEXT    NOT NULL,
    PRIMARY KEY (day, unit_id)
);
