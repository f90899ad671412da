-- An appeal's page lists its group of duplicates: find the members by their
-- first without reading the week.
CREATE INDEX appeals_duplicate_of ON appeals (duplicate_of);
