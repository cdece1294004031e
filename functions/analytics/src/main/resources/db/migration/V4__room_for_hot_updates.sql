-- Every reading batch updates the aggregate rows of its buckets several times (an hour's rows once
-- per batch that carries a minute of it; decision 0071): none of the columns it changes is
-- indexed, so the update can be HOT (no new index entries) when the row's page has room. Full pages
-- (the default fillfactor 100) leave none. Applies to pages written from now on.
ALTER TABLE reading_quarter SET (fillfactor = 75);
ALTER TABLE reading_hour SET (fillfactor = 75);
ALTER TABLE room_hour SET (fillfactor = 75);
ALTER TABLE sensor_day SET (fillfactor = 75);
