-- Failed logins, counted per account name and per client address, kept in the
-- database so that a restart forgets nothing (issue 15). A key's count starts
-- again once its first failure is older than the window.
CREATE TABLE login_failures (
    key      TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    since    TEXT NOT NULL
);
