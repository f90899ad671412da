-- Report revisions refer to their unit as before (a unit with reports cannot
-- be deleted; a revision of no unit cannot be written), but checked once per
-- statement over all its rows instead of a lookup and a row lock per row: a
-- season's import is 922,000 rows, and the row-by-row foreign key doubled its
-- time. The errors are a foreign-key violation's (SQLSTATE 23503), as before.
ALTER TABLE report_revisions DROP CONSTRAINT report_revisions_unit_id_fkey;

CREATE FUNCTION fangkong_revisions_have_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.id = n.unit_id)) THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = 'report_revisions refers to a unit that does not exist';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER report_revisions_have_units AFTER INSERT ON report_revisions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_revisions_have_units();

CREATE FUNCTION fangkong_units_without_reports() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM report_revisions r WHERE r.unit_id = OLD.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = 'units: reports refer to this unit';
    END IF;
    RETURN OLD;
END;
$$;

CREATE TRIGGER units_without_reports BEFORE DELETE ON units
    FOR EACH ROW EXECUTE FUNCTION fangkong_units_without_reports();
