-- The published totals (issue 20: the headline figures): confirmed, dead and
-- cured so far as the bulletin states them. Not derived from the daily
-- figures, whose sum misses the revisions the totals carry. NULL: not
-- published (or imported before these columns), never zero.
ALTER TABLE published_figures ADD COLUMN cum_confirmed BIGINT;
ALTER TABLE published_figures ADD COLUMN cum_dead BIGINT;
ALTER TABLE published_figures ADD COLUMN cum_cured BIGINT;
