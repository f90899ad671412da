-- The four-categories registry (SPEC §5): people, not counts. Personal data
-- (name, resident ID, phone, address) lives only here; it is shown masked to the
-- roles that do not need it and never written to a log.

CREATE TABLE persons (
    id          INTEGER PRIMARY KEY,
    -- The source system's reference for the person (unique): steps and later
    -- imports refer to it.
    ref         TEXT    NOT NULL UNIQUE,
    resident_id TEXT    UNIQUE,
    name        TEXT    NOT NULL,
    phone       TEXT,
    birth_date  TEXT,
    address     TEXT,
    -- The unit where the person lives.
    unit_id     INTEGER NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    recorded_at TEXT    NOT NULL,
    -- A person entered twice is merged into the one kept: the row stays, pointing
    -- at it, and its steps move there.
    merged_into INTEGER REFERENCES persons (id)
);
CREATE INDEX persons_unit ON persons (unit_id);
CREATE INDEX persons_match ON persons (name, phone, birth_date);

-- A person's dated steps, in order: identified, recategorised, sampled, moved,
-- treatment started, left.
CREATE TABLE person_steps (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE RESTRICT,
    day         TEXT    NOT NULL,
    step        TEXT    NOT NULL CHECK (step IN ('identified', 'recategorised', 'sampled', 'moved', 'treatment_started', 'left')),
    category    TEXT    CHECK (category IN ('confirmed', 'suspected', 'fever', 'close_contact')),
    place       TEXT    CHECK (place IN ('home', 'home_isolation', 'isolation_site', 'shelter_hospital', 'designated_hospital')),
    exit        TEXT    CHECK (exit IN ('discharged', 'released', 'died')),
    recorded_at TEXT    NOT NULL,
    actor       TEXT    NOT NULL
);
CREATE INDEX person_steps_person ON person_steps (person_id, id);
