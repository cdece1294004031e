-- The retention purge (ProcessedEventRetention, decision 0012) deletes by age: without this index
-- every run would scan the whole table. Rows are claimed in time order, so the index only grows at
-- its end.
CREATE INDEX IF NOT EXISTS processed_event_by_age ON processed_event (processed_at);
