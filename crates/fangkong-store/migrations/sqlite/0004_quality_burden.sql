-- How each revision came in, for the burden figures (SPEC §9): the channel, when
-- the form was opened (web form only) and how many fields were changed from the
-- pre-filled form. Rows from before this migration came from imports.
ALTER TABLE report_revisions ADD COLUMN channel TEXT NOT NULL DEFAULT 'import'
    CHECK (channel IN ('import', 'form', 'api', 'cli'));
ALTER TABLE report_revisions ADD COLUMN opened_at TEXT;
ALTER TABLE report_revisions ADD COLUMN fields_changed INTEGER CHECK (fields_changed >= 0);

-- The audit log is read by actor, by action and by what it touched.
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_target ON audit_log (target, id);
