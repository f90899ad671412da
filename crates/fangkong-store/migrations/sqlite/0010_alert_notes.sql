-- Early warnings are computed from the data; what people did about them is kept
-- here: an alert (day, kind, key: the unit's code, or the category for a
-- category's surge) acknowledged, then closed with a note. Appended, never
-- rewritten.
CREATE TABLE alert_notes (
    id     INTEGER PRIMARY KEY,
    day    TEXT    NOT NULL,
    kind   TEXT    NOT NULL,
    key    TEXT    NOT NULL,
    state  TEXT    NOT NULL CHECK (state IN ('acknowledged', 'closed')),
    note   TEXT    NOT NULL,
    actor  TEXT    NOT NULL,
    at     TEXT    NOT NULL
);
CREATE INDEX alert_notes_day ON alert_notes (day, kind, key);
CREATE TRIGGER alert_notes_no_update BEFORE UPDATE ON alert_notes
BEGIN SELECT RAISE(ABORT, 'alert notes are never rewritten'); END;
CREATE TRIGGER alert_notes_no_delete BEFORE DELETE ON alert_notes
BEGIN SELECT RAISE(ABORT, 'alert notes are never deleted'); END;
