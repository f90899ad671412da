-- The version of everything but the reports (issue 20, item 7): pages derived
-- from the registry, appeals, alerts, facilities, the published series or the
-- tree are cached by each server process under this number, and computed again
-- when it has moved. Every write to those tables, by any process or command,
-- moves it in the writer's own transaction, so a reader never sees the number
-- before the data. Reports are followed by their own keys (the engine), and the
-- audit log, sessions and throttles are not what pages are derived from.
-- Cache bookkeeping, not data: a copy between stores leaves it out.
CREATE TABLE data_version (n BIGINT NOT NULL);
INSERT INTO data_version (n) VALUES (0);
-- Moved before each statement rather than after: the row lock on the number is
-- then taken before any row of the statement's own, so two writers wait on it
-- in one order and cannot deadlock on it.
CREATE FUNCTION fangkong_data_version_moves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version SET n = n + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER units_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER unit_versions_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON unit_versions
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER published_figures_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON published_figures
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER annotations_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON annotations
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER address_events_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON address_events
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER users_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER persons_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON persons
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER facilities_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON facilities
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER person_steps_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON person_steps
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER followups_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON followups
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER checkins_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON checkins
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER appeals_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON appeals
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER appeal_changes_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON appeal_changes
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER appeal_posts_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON appeal_posts
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER alert_notes_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON alert_notes
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER disputes_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON disputes
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER dispute_parties_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON dispute_parties
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
CREATE TRIGGER dispute_steps_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON dispute_steps
    FOR EACH STATEMENT EXECUTE FUNCTION fangkong_data_version_moves();
