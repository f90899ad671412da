-- fangkong schema, SQLite dialect. The PostgreSQL dialect mirrors it column for
-- column (INTEGER booleans become BOOLEAN, TEXT days become DATE).

-- A unit's identity: its stable code. Everything about it lives in unit_versions.
CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    code       TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL
);

-- Every dated version of every unit: a rename, move or retirement adds a row, so the
-- tree of any past day can be rebuilt. parent_code is a code, not a key, because a
-- root's parent (the province above a city) lies outside the deployment.
CREATE TABLE unit_versions (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    valid_from  TEXT,                -- NULL: since before any record
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    parent_code TEXT,
    population  INTEGER CHECK (population >= 0),
    retired     INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    reason      TEXT,
    recorded_at TEXT    NOT NULL,
    UNIQUE (unit_id, valid_from)
);

-- The one daily report, one row per revision. Nothing is updated in place: a
-- correction is revision n + 1 with a reason. Units with reports cannot be deleted.
CREATE TABLE report_revisions (
    id                 INTEGER PRIMARY KEY,
    unit_id            INTEGER NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    day                TEXT    NOT NULL,
    revision           INTEGER NOT NULL CHECK (revision >= 1),
    new_confirmed      INTEGER NOT NULL CHECK (new_confirmed >= 0),
    new_suspected      INTEGER NOT NULL CHECK (new_suspected >= 0),
    new_close_contacts INTEGER NOT NULL CHECK (new_close_contacts >= 0),
    new_fever          INTEGER NOT NULL CHECK (new_fever >= 0),
    closed_management  INTEGER NOT NULL CHECK (closed_management IN (0, 1)),
    screening          INTEGER NOT NULL CHECK (screening IN (0, 1)),
    disinfection       INTEGER NOT NULL CHECK (disinfection IN (0, 1)),
    supplies           INTEGER NOT NULL CHECK (supplies IN (0, 1)),
    stability          INTEGER NOT NULL CHECK (stability IN (0, 1)),
    publicity          INTEGER NOT NULL CHECK (publicity IN (0, 1)),
    reporter           TEXT    NOT NULL,
    remark             TEXT,
    recorded_at        TEXT    NOT NULL,  -- UTC, fixed width: YYYY-MM-DDTHH:MM:SS.ffffffZ
    reason             TEXT,              -- why this revision corrects the one before
    -- Day first: reports arrive day by day, so the index grows at its end, and a
    -- (unit, day) lookup still uses it fully.
    UNIQUE (day, unit_id, revision),
    CHECK ((revision = 1) = (reason IS NULL))
);

-- Official daily series for a unit (a health commission's bulletin), apart from the
-- grassroots reports. NULL is missing, never zero; negative net changes are real.
CREATE TABLE published_figures (
    unit_id       INTEGER NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    day           TEXT    NOT NULL,
    new_confirmed INTEGER,
    new_suspected INTEGER,
    new_dead      INTEGER,
    new_cured     INTEGER,
    recorded_at   TEXT    NOT NULL,
    PRIMARY KEY (unit_id, day)
);

-- Notes on days of a unit's series that are not epidemic growth.
CREATE TABLE annotations (
    id                  INTEGER PRIMARY KEY,
    unit_id             INTEGER NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    day                 TEXT    NOT NULL,
    kind                TEXT    NOT NULL CHECK (kind IN ('definition_change', 'revision')),
    excluded_from_trend INTEGER CHECK (excluded_from_trend >= 0),
    note                TEXT    NOT NULL,
    recorded_at         TEXT    NOT NULL,
    UNIQUE (unit_id, day, kind)
);
