-- An A/B pair made by hand (issue 21): a label two people of a unit share;
-- NULL: paired by rule, or not at all.
ALTER TABLE staff ADD COLUMN pair_label TEXT COLLATE "C";
