-- Every batch a consumer applies claims its event ids in processed_event's primary key (decision
-- 0071): with the database's collation (en_US.UTF-8 on RDS) each comparison in the btree is a
-- strcoll. Ids are only ever compared for equality, which a deterministic collation decides byte by
-- byte anyway, so "C" keeps what is a duplicate exactly as it was and makes the comparisons memcmp.
-- The column type does not change: no table rewrite, the two indexes are rebuilt.
ALTER TABLE processed_event
  ALTER COLUMN consumer TYPE text COLLATE "C",
  ALTER COLUMN event_id TYPE text COLLATE "C";
