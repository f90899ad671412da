-- Open and unannounced inspections, and passes (issue 22): the inspector
-- roster (each belongs to a unit they never inspect); each inspection's
-- findings per measure, what the unit attested that day when it was
-- recorded, a note and a photo (base64, EXIF stripped); the keys that sign
-- passes (Ed25519, by key id; a retired key still verifies what it signed);
-- and the passes issued, with their revocations.
CREATE TABLE inspectors (
    id         INTEGER PRIMARY KEY,
    code       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    unit_id    INTEGER REFERENCES units (id) ON DELETE RESTRICT,
    account    TEXT,
    created_at TEXT    NOT NULL
);

CREATE TABLE inspections (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    day          TEXT    NOT NULL,
    at           TEXT    NOT NULL,
    inspector_id INTEGER REFERENCES inspectors (id) ON DELETE RESTRICT,
    announced    INTEGER NOT NULL DEFAULT 0,
    found        INTEGER NOT NULL,
    passed       INTEGER NOT NULL,
    attested     INTEGER,
    contradicted INTEGER NOT NULL DEFAULT 0,
    note         TEXT    NOT NULL DEFAULT '',
    photo        TEXT,
    photo_type   TEXT,
    recorded_at  TEXT    NOT NULL,
    recorded_by  TEXT    NOT NULL
);
CREATE INDEX inspections_unit_day ON inspections (unit_id, day);
CREATE INDEX inspections_day ON inspections (day);

CREATE TABLE signing_keys (
    kid        TEXT PRIMARY KEY,
    secret     TEXT NOT NULL,
    public     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT
);

CREATE TABLE passes (
    id            TEXT    PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    holder        TEXT    NOT NULL,
    holder_masked TEXT    NOT NULL,
    purpose       TEXT    NOT NULL CHECK (purpose IN ('essential', 'work', 'farm')),
    from_day      TEXT    NOT NULL,
    until_day     TEXT    NOT NULL,
    kid           TEXT    NOT NULL REFERENCES signing_keys (kid) ON DELETE RESTRICT,
    issued_at     TEXT    NOT NULL,
    issued_by     TEXT    NOT NULL,
    revoked_on    TEXT,
    revoked_by    TEXT,
    revoke_reason TEXT
);
CREATE INDEX passes_unit ON passes (unit_id, from_day);
