-- Of a report's new confirmed cases, those that belong to earlier days (a
-- revision, a backlog, a reclassification): kept in every figure, left out of
-- the trend, its phases and Rt (issue 16). Zero unless marked.
ALTER TABLE report_revisions ADD COLUMN backlog INTEGER NOT NULL DEFAULT 0
    CHECK (backlog >= 0 AND backlog <= new_confirmed);
-- The few reports that mark a backlog, found without reading the others.
CREATE INDEX report_revisions_backlog ON report_revisions (day) WHERE backlog > 0;
