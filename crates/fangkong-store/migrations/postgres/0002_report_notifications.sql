-- Several server processes on one database keep their engines coherent: every
-- statement that adds report revisions notifies the channel fangkong_reports
-- when its transaction commits (PostgreSQL folds the notices of one
-- transaction into one), and each process then reads the revisions it has
-- not seen, by key.
CREATE FUNCTION fangkong_reports_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('fangkong_reports', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER report_revisions_notify AFTER INSERT ON report_revisions
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_reports_changed();
