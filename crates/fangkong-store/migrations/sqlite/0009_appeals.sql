-- Citizen appeals (SPEC §6): what was received, as received, with the category
-- and urgency the classifier gave (or a person set, kept apart), the unit it was
-- routed to (none: the queue), and the group of duplicates it belongs to. The
-- caller's name and phone are personal data, masked by role like the registry's.
CREATE TABLE appeals (
    id            INTEGER PRIMARY KEY,
    ref           TEXT    NOT NULL UNIQUE,
    channel       TEXT    NOT NULL CHECK (channel IN ('hotline', 'message_board', 'api', 'import')),
    received_at   TEXT    NOT NULL,
    text          TEXT    NOT NULL,
    caller_name   TEXT,
    caller_phone  TEXT,
    address       TEXT,
    unit_id       INTEGER REFERENCES units (id) ON DELETE RESTRICT,
    category      TEXT    NOT NULL,
    category_by   TEXT    NOT NULL CHECK (category_by IN ('model', 'person')),
    urgency       TEXT    NOT NULL CHECK (urgency IN ('urgent', 'normal')),
    -- The first appeal of its group of duplicates (NULL: it is the first).
    duplicate_of  INTEGER REFERENCES appeals (id),
    recorded_at   TEXT    NOT NULL
);
CREATE INDEX appeals_received ON appeals (received_at);
CREATE INDEX appeals_unit ON appeals (unit_id);

-- Every change of an appeal's life, appended, never rewritten.
CREATE TABLE appeal_changes (
    id            INTEGER PRIMARY KEY,
    appeal_id     INTEGER NOT NULL REFERENCES appeals (id) ON DELETE RESTRICT,
    at            TEXT    NOT NULL,
    actor         TEXT    NOT NULL,
    event         TEXT    NOT NULL CHECK (event IN ('assigned', 'started', 'answered', 'closed', 'reopened')),
    unit_code     TEXT,
    promised      TEXT,
    satisfaction  INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    note          TEXT    NOT NULL
);
CREATE INDEX appeal_changes_appeal ON appeal_changes (appeal_id, id);
CREATE TRIGGER appeal_changes_no_update BEFORE UPDATE ON appeal_changes
BEGIN SELECT RAISE(ABORT, 'appeal changes are never rewritten'); END;
CREATE TRIGGER appeal_changes_no_delete BEFORE DELETE ON appeal_changes
BEGIN SELECT RAISE(ABORT, 'appeal changes are never deleted'); END;
