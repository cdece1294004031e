-- Minute rollups expire by age (MinuteRollupRetention, decision 0012): the purge finds them by
-- bucket, which the primary key (tenant, room, metric, bucket) cannot serve.
CREATE INDEX rollup_minute_by_bucket ON rollup_minute (bucket);
