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
CREATE TRIGGER units_insert_version AFTER INSERT ON units BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER units_update_version AFTER UPDATE ON units BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER units_delete_version AFTER DELETE ON units BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER unit_versions_insert_version AFTER INSERT ON unit_versions BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER unit_versions_update_version AFTER UPDATE ON unit_versions BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER unit_versions_delete_version AFTER DELETE ON unit_versions BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER published_figures_insert_version AFTER INSERT ON published_figures BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER published_figures_update_version AFTER UPDATE ON published_figures BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER published_figures_delete_version AFTER DELETE ON published_figures BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER annotations_insert_version AFTER INSERT ON annotations BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER annotations_update_version AFTER UPDATE ON annotations BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER annotations_delete_version AFTER DELETE ON annotations BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER address_events_insert_version AFTER INSERT ON address_events BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER address_events_update_version AFTER UPDATE ON address_events BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER address_events_delete_version AFTER DELETE ON address_events BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER users_insert_version AFTER INSERT ON users BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER users_update_version AFTER UPDATE ON users BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER users_delete_version AFTER DELETE ON users BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER persons_insert_version AFTER INSERT ON persons BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER persons_update_version AFTER UPDATE ON persons BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER persons_delete_version AFTER DELETE ON persons BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER facilities_insert_version AFTER INSERT ON facilities BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER facilities_update_version AFTER UPDATE ON facilities BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER facilities_delete_version AFTER DELETE ON facilities BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER person_steps_insert_version AFTER INSERT ON person_steps BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER person_steps_update_version AFTER UPDATE ON person_steps BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER person_steps_delete_version AFTER DELETE ON person_steps BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER followups_insert_version AFTER INSERT ON followups BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER followups_update_version AFTER UPDATE ON followups BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER followups_delete_version AFTER DELETE ON followups BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER checkins_insert_version AFTER INSERT ON checkins BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER checkins_update_version AFTER UPDATE ON checkins BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER checkins_delete_version AFTER DELETE ON checkins BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER appeals_insert_version AFTER INSERT ON appeals BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER appeals_update_version AFTER UPDATE ON appeals BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER appeals_delete_version AFTER DELETE ON appeals BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER appeal_changes_insert_version AFTER INSERT ON appeal_changes BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER appeal_changes_update_version AFTER UPDATE ON appeal_changes BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER appeal_changes_delete_version AFTER DELETE ON appeal_changes BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER appeal_posts_insert_version AFTER INSERT ON appeal_posts BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER appeal_posts_update_version AFTER UPDATE ON appeal_posts BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER appeal_posts_delete_version AFTER DELETE ON appeal_posts BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER alert_notes_insert_version AFTER INSERT ON alert_notes BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER alert_notes_update_version AFTER UPDATE ON alert_notes BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER alert_notes_delete_version AFTER DELETE ON alert_notes BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER disputes_insert_version AFTER INSERT ON disputes BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER disputes_update_version AFTER UPDATE ON disputes BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER disputes_delete_version AFTER DELETE ON disputes BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER dispute_parties_insert_version AFTER INSERT ON dispute_parties BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER dispute_parties_update_version AFTER UPDATE ON dispute_parties BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER dispute_parties_delete_version AFTER DELETE ON dispute_parties BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER dispute_steps_insert_version AFTER INSERT ON dispute_steps BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER dispute_steps_update_version AFTER UPDATE ON dispute_steps BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER dispute_steps_delete_version AFTER DELETE ON dispute_steps BEGIN UPDATE data_version SET n = n + 1; END;
