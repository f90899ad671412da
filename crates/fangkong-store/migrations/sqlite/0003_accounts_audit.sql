-- Accounts scoped to a subtree, their sessions and API tokens, the append-only
-- audit log, and idempotent report submission.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    -- The root of the account's subtree, by unit code (codes are stable across
    -- renames and moves).
    scope_code    TEXT NOT NULL,
    -- argon2id, PHC string format.
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    disabled_at   TEXT
);

-- Only a hash of each secret is stored: a copy of the database opens no session.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    -- The account that acted, or NULL for the anonymous public.
    actor     TEXT,
    action    TEXT NOT NULL,
    target    TEXT,
    old_value TEXT,
    new_value TEXT,
    reason    TEXT,
    -- 'done' or 'denied'.
    outcome   TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Append-only, enforced by the database itself: no role and no code path can
-- rewrite or erase an entry.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- A client-chosen key per submission: a form sent twice (a slow connection, a
-- double tap) is recorded once.
ALTER TABLE report_revisions ADD COLUMN submission_id TEXT;
CREATE UNIQUE INDEX report_revisions_submission
    ON report_revisions (submission_id) WHERE submission_id IS NOT NULL;

-- Settings of this deployment, e.g. `clock_day`: the day a replay of a past
-- season (the demo) treats as today.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
