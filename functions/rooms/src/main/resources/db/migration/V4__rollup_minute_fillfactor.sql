-- Every minute rollup row is updated once per batch during its minute (about six times). At
-- fillfactor 100 a page had no room for the new version, so most updates moved the row and added
-- an entry to both indexes; with half of each page free they stay on it (HOT, no index entries) and
-- pruning reclaims the old versions (decision 0070). New pages only: existing ones fill as before.
ALTER TABLE rollup_minute SET (fillfactor = 50);
