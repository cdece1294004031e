-- Sensors belong to a tenant; ids are unique within a tenant (a client may choose them).
CREATE TABLE sensor (
  tenant_id  text        NOT NULL,
  id         text        NOT NULL,
  room_id    text        NOT NULL,
  type       text        NOT NULL,
  unit       text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sensor_by_room ON sensor (tenant_id, room_id, id);
CREATE INDEX sensor_by_type ON sensor (tenant_id, type, id);

-- Readings: one row per (sensor, timestamp), so a repeated reading is a no-op. Partitioned by
-- month on ts; a DEFAULT partition catches anything outside the pre-created range. Ids compare
-- byte-wise ("C"): they are opaque, and the key index is compared on every insert, where a
-- linguistic collation costs a strcoll per comparison.
CREATE TABLE reading (
  tenant_id   text COLLATE "C" NOT NULL,
  sensor_id   text COLLATE "C" NOT NULL,
  ts          timestamptz      NOT NULL,
  value       double precision NOT NULL,
  received_at timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, sensor_id, ts)
) PARTITION BY RANGE (ts);

CREATE TABLE reading_default PARTITION OF reading DEFAULT;

DO $$
DECLARE
  month date := date '2025-01-01';
BEGIN
  WHILE month < date '2029-01-01' LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF reading FOR VALUES FROM (%L) TO (%L)',
      'reading_' || to_char(month, 'YYYY_MM'), month, month + interval '1 month');
    month := month + interval '1 month';
  END LOOP;
END $$;
