-- The contract's optional display name of a sensor (it was accepted and dropped before).
ALTER TABLE sensor ADD COLUMN name text;
