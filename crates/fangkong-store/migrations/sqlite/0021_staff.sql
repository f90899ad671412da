-- The people who work in communities and villages (SPEC §7, issue 21): one
-- row per person (their roster id, kind and unit), and the days each is away
-- (leave, sickness, agreed rest), from which duty rotas are planned.
CREATE TABLE staff (
    id          INTEGER PRIMARY KEY,
    person_id   TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('community_cadre', 'sent_down_cadre', 'volunteer', 'property_staff')),
    unit_id     INTEGER NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    recorded_at TEXT    NOT NULL
);

CREATE TABLE staff_away (
    staff_id INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    day      TEXT    NOT NULL,
    PRIMARY KEY (staff_id, day)
);

CREATE TRIGGER staff_insert_version AFTER INSERT ON staff BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER staff_update_version AFTER UPDATE ON staff BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER staff_delete_version AFTER DELETE ON staff BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER staff_away_insert_version AFTER INSERT ON staff_away BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER staff_away_update_version AFTER UPDATE ON staff_away BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER staff_away_delete_version AFTER DELETE ON staff_away BEGIN UPDATE data_version SET n = n + 1; END;
