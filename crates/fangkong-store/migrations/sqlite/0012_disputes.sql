-- Disputes and incidents (矛盾纠纷, SPEC §8), recorded per unit: what kind, how
-- likely to escalate, what happened, and the parties (personal data, masked by
-- role as the registry's). Their mediation steps are appended, never rewritten.
CREATE TABLE disputes (
    id           INTEGER PRIMARY KEY,
    ref          TEXT    NOT NULL UNIQUE,
    unit_id      INTEGER NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    kind         TEXT    NOT NULL CHECK (kind IN ('neighbours', 'family', 'property', 'tenancy', 'labour', 'measures', 'other')),
    risk         TEXT    NOT NULL CHECK (risk IN ('high', 'medium', 'low')),
    summary      TEXT    NOT NULL,
    reported_at  TEXT    NOT NULL,
    recorded_by  TEXT    NOT NULL,
    recorded_at  TEXT    NOT NULL
);
CREATE INDEX disputes_unit ON disputes (unit_id);

CREATE TABLE dispute_parties (
    id          INTEGER PRIMARY KEY,
    dispute_id  INTEGER NOT NULL REFERENCES disputes (id) ON DELETE RESTRICT,
    name        TEXT    NOT NULL,
    phone       TEXT,
    role        TEXT    NOT NULL
);
CREATE INDEX dispute_parties_dispute ON dispute_parties (dispute_id);

CREATE TABLE dispute_steps (
    id          INTEGER PRIMARY KEY,
    dispute_id  INTEGER NOT NULL REFERENCES disputes (id) ON DELETE RESTRICT,
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    step        TEXT    NOT NULL CHECK (step IN ('mediated', 'agreed', 'referred', 'withdrawn', 'reopened')),
    referred_to TEXT,
    note        TEXT    NOT NULL
);
CREATE INDEX dispute_steps_dispute ON dispute_steps (dispute_id, id);
CREATE TRIGGER dispute_steps_no_update BEFORE UPDATE ON dispute_steps
BEGIN SELECT RAISE(ABORT, 'dispute steps are never rewritten'); END;
CREATE TRIGGER dispute_steps_no_delete BEFORE DELETE ON dispute_steps
BEGIN SELECT RAISE(ABORT, 'dispute steps are never deleted'); END;
