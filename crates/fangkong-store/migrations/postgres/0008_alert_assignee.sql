-- An alert handed to someone: the account that answers for it from this note
-- on (NULL: the note hands it to nobody new).
ALTER TABLE alert_notes ADD COLUMN assignee TEXT COLLATE "C";
