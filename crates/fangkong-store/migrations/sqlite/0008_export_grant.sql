-- Exporting people's personal data in bulk is a permission of its own, granted
-- to an account by an administrator (not implied by any role), and audited.
ALTER TABLE users ADD COLUMN may_export_personal INTEGER NOT NULL DEFAULT 0
    CHECK (may_export_personal IN (0, 1));

-- A search by phone is an exact match on an index.
CREATE INDEX persons_phone ON persons (phone);

-- Close contacts are followed up by teams: the overdue lists go to each team.
ALTER TABLE followups ADD COLUMN team TEXT;
