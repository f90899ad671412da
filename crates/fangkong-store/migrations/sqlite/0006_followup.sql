-- Close-contact follow-up: one schedule per contact (from the last exposure to
-- the release day, which an extension moves later) and the daily check-ins.
CREATE TABLE followups (
    person_id     INTEGER PRIMARY KEY REFERENCES persons (id) ON DELETE RESTRICT,
    last_exposure TEXT NOT NULL,
    release       TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
);

CREATE TABLE checkins (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE RESTRICT,
    day         TEXT    NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('seen_well', 'seen_unwell', 'missed', 'not_attempted')),
    actor       TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL
);
CREATE INDEX checkins_person ON checkins (person_id, day);
