-- The roster in full (issue 21): each person's contact, phone and email
-- (masked by role when shown), affiliation (a sent-down cadre's home agency, a volunteer's type, a
-- property company), skills, the account they sign in with and the day they
-- left; where each worked when; the rota as kept (planned, adjusted by hand,
-- re-planned from a day without changing the past); care records; and the
-- outbox of reminders, one per report at most.
ALTER TABLE staff ADD COLUMN phone TEXT;
ALTER TABLE staff ADD COLUMN email TEXT;
ALTER TABLE staff ADD COLUMN affiliation TEXT;
ALTER TABLE staff ADD COLUMN skills TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN account TEXT;
ALTER TABLE staff ADD COLUMN left_on TEXT;

CREATE TABLE staff_postings (
    id        INTEGER PRIMARY KEY,
    staff_id  INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    from_day  TEXT    NOT NULL,
    until_day TEXT
);
CREATE INDEX staff_postings_staff ON staff_postings (staff_id, from_day);

CREATE TABLE duties (
    day      TEXT    NOT NULL,
    staff_id INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    unit_id  INTEGER NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    pair     TEXT,
    post     TEXT CHECK (post IN ('A', 'B')),
    PRIMARY KEY (day, staff_id)
);
CREATE INDEX duties_unit_day ON duties (unit_id, day);
CREATE INDEX duties_staff_day ON duties (staff_id, day);

CREATE TABLE care_records (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    day         TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('rest', 'protective_equipment', 'insurance', 'recognition', 'hardship_help', 'professional_post')),
    amount      INTEGER,
    note        TEXT    NOT NULL DEFAULT '',
    recorded_at TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL
);
CREATE INDEX care_records_staff ON care_records (staff_id, day);

CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    dedup_key  TEXT    NOT NULL UNIQUE,
    kind       TEXT    NOT NULL,
    staff_id   INTEGER REFERENCES staff (id) ON DELETE CASCADE,
    unit_id    INTEGER REFERENCES units (id) ON DELETE RESTRICT,
    day        TEXT,
    subject    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    sent_at    TEXT,
    sent_by    TEXT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_unsent ON outbox (sent_at, id);

CREATE TRIGGER staff_postings_insert_version AFTER INSERT ON staff_postings BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER staff_postings_update_version AFTER UPDATE ON staff_postings BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER staff_postings_delete_version AFTER DELETE ON staff_postings BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER duties_insert_version AFTER INSERT ON duties BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER duties_update_version AFTER UPDATE ON duties BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER duties_delete_version AFTER DELETE ON duties BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER care_records_insert_version AFTER INSERT ON care_records BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER care_records_update_version AFTER UPDATE ON care_records BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER care_records_delete_version AFTER DELETE ON care_records BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER outbox_insert_version AFTER INSERT ON outbox BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER outbox_update_version AFTER UPDATE ON outbox BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER outbox_delete_version AFTER DELETE ON outbox BEGIN UPDATE data_version SET n = n + 1; END;
