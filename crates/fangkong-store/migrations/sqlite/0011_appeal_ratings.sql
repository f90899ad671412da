-- The caller's satisfaction is asked after closure, as its own step ('rated'),
-- once per closure. SQLite cannot widen a CHECK in place: the table is rebuilt
-- with every row kept as it was (its id, so the order of a life holds). Closed
-- rows written before this step may still carry a satisfaction; they are read
-- as a closure followed by its rating.
DROP TRIGGER appeal_changes_no_update;
DROP TRIGGER appeal_changes_no_delete;
CREATE TABLE appeal_changes_rated (
    id            INTEGER PRIMARY KEY,
    appeal_id     INTEGER NOT NULL REFERENCES appeals (id) ON DELETE RESTRICT,
    at            TEXT    NOT NULL,
    actor         TEXT    NOT NULL,
    event         TEXT    NOT NULL CHECK (event IN ('assigned', 'started', 'answered', 'closed', 'rated', 'reopened')),
    unit_code     TEXT,
    promised      TEXT,
    satisfaction  INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    note          TEXT    NOT NULL
);
INSERT INTO appeal_changes_rated (id, appeal_id, at, actor, event, unit_code, promised, satisfaction, note)
SELECT id, appeal_id, at, actor, event, unit_code, promised, satisfaction, note FROM appeal_changes;
DROP TABLE appeal_changes;
ALTER TABLE appeal_changes_rated RENAME TO appeal_changes;
CREATE INDEX appeal_changes_appeal ON appeal_changes (appeal_id, id);
CREATE TRIGGER appeal_changes_no_update BEFORE UPDATE ON appeal_changes
BEGIN SELECT RAISE(ABORT, 'appeal changes are never rewritten'); END;
CREATE TRIGGER appeal_changes_no_delete BEFORE DELETE ON appeal_changes
BEGIN SELECT RAISE(ABORT, 'appeal changes are never deleted'); END;
