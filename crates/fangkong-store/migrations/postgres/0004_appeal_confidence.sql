-- How sure the classifier was of an appeal's category, in permille (NULL when the
-- appeal came with a category chosen by a person, or was taken in before
-- confidences were kept; a person who changes the category later takes it
-- out of the triage queue, the model's confidence stays as it was).
-- Appeals below the configured threshold wait in the triage queue.
ALTER TABLE appeals ADD COLUMN confidence BIGINT CHECK (confidence BETWEEN 0 AND 1000);
