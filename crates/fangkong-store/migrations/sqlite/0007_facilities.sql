-- Designated hospitals, shelter hospitals and isolation sites with their beds by
-- kind; a move into one names the facility and the bed kind.
CREATE TABLE facilities (
    id             INTEGER PRIMARY KEY,
    code           TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('designated_hospital', 'shelter_hospital', 'isolation_site')),
    unit_id        INTEGER NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    beds_ordinary  INTEGER NOT NULL CHECK (beds_ordinary >= 0),
    beds_severe    INTEGER NOT NULL CHECK (beds_severe >= 0),
    beds_critical  INTEGER NOT NULL CHECK (beds_critical >= 0),
    recorded_at    TEXT    NOT NULL
);

ALTER TABLE person_steps ADD COLUMN facility_code TEXT;
ALTER TABLE person_steps ADD COLUMN bed TEXT CHECK (bed IN ('ordinary', 'severe', 'critical'));
