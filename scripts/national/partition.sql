-- Reports partitioned by province (declarative partitioning), for the national
-- measurement in docs/scale.md. Run on a fangkong database whose units are
-- imported and which holds no reports yet: report_revisions becomes a table
-- partitioned by RANGE (unit_id), one partition per province (units are
-- imported province by province, so each province's ids are one range), and a
-- DEFAULT partition for units created later (a scheduled job splits it).
--
-- What changes: a partitioned table's unique keys must contain the partition
-- key, so the primary key is (unit_id, id) and a submission id is unique per
-- unit (a client's retry of one report is always for the same unit, which is
-- what the key guards). The triggers are recreated as they were.
DO $$
DECLARE
    defs text[];
    def text;
    p record;
BEGIN
    IF EXISTS (SELECT 1 FROM report_revisions) THEN
        RAISE EXCEPTION 'report_revisions holds reports: partition an empty store';
    END IF;
    SELECT array_agg(pg_get_triggerdef(t.oid)) INTO defs
        FROM pg_trigger t WHERE t.tgrelid = 'report_revisions'::regclass AND NOT t.tgisinternal;
    CREATE TABLE report_revisions_parted (
        LIKE report_revisions INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY,
        PRIMARY KEY (unit_id, id),
        UNIQUE (day, unit_id, revision)
    ) PARTITION BY RANGE (unit_id);
    DROP TABLE report_revisions;
    ALTER TABLE report_revisions_parted RENAME TO report_revisions;
    CREATE UNIQUE INDEX report_revisions_submission
        ON report_revisions (unit_id, submission_id) WHERE submission_id IS NOT NULL;
    CREATE INDEX report_revisions_backlog ON report_revisions (day) WHERE backlog > 0;
    FOR p IN
        SELECT left(code, 2) AS province, min(id) AS first, max(id) + 1 AS after
        FROM units WHERE code ~ '^[0-9]{12}$' AND code <> '000000000000'
        GROUP BY left(code, 2) ORDER BY 1
    LOOP
        EXECUTE format('CREATE TABLE report_revisions_p%s PARTITION OF report_revisions FOR VALUES FROM (%s) TO (%s)',
                       p.province, p.first, p.after);
    END LOOP;
    CREATE TABLE report_revisions_later PARTITION OF report_revisions DEFAULT;
    FOREACH def IN ARRAY coalesce(defs, '{}') LOOP
        EXECUTE def;
    END LOOP;
END;
$$;
