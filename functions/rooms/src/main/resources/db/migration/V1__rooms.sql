-- Rooms belong to a tenant; every table is keyed by tenant first so no query can cross tenants.
CREATE TABLE room (
  tenant_id  text             NOT NULL,
  id         text             NOT NULL,
  name       text             NOT NULL,
  building   text             NOT NULL,
  floor      integer          NOT NULL,
  area_m2    double precision,
  capacity   integer,
  created_at timestamptz      NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX room_by_building ON room (tenant_id, building, floor, id);

-- Inclusive limits per room and metric; PUT /rooms/{id}/thresholds replaces a room's rows.
CREATE TABLE room_threshold (
  tenant_id  text             NOT NULL,
  room_id    text             NOT NULL,
  metric     text             NOT NULL,
  min        double precision,
  max        double precision,
  updated_at timestamptz      NOT NULL,
  PRIMARY KEY (tenant_id, room_id, metric),
  CHECK (min IS NOT NULL OR max IS NOT NULL)
);

-- The latest reading per room and metric (by reading timestamp, ties broken by sensor id), and
-- the debounce counters of its threshold. A row may exist before its first value: the consumer
-- creates it to lock the series.
CREATE TABLE metric_current (
  tenant_id     text             NOT NULL,
  room_id       text             NOT NULL,
  metric        text             NOT NULL,
  value         double precision,
  unit          text,
  ts            timestamptz,
  sensor_id     text,
  breach_streak integer          NOT NULL DEFAULT 0,
  clear_streak  integer          NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, room_id, metric)
);

-- Rollups: sums and counts (not averages) so that adding readings is exact and associative.
CREATE TABLE rollup_minute (
  tenant_id text             NOT NULL,
  room_id   text             NOT NULL,
  metric    text             NOT NULL,
  bucket    timestamptz      NOT NULL,
  count     bigint           NOT NULL,
  sum       double precision NOT NULL,
  min       double precision NOT NULL,
  max       double precision NOT NULL,
  PRIMARY KEY (tenant_id, room_id, metric, bucket)
);

CREATE TABLE rollup_hour (
  tenant_id text             NOT NULL,
  room_id   text             NOT NULL,
  metric    text             NOT NULL,
  bucket    timestamptz      NOT NULL,
  count     bigint           NOT NULL,
  sum       double precision NOT NULL,
  min       double precision NOT NULL,
  max       double precision NOT NULL,
  PRIMARY KEY (tenant_id, room_id, metric, bucket)
);

-- Alerts; at most one active (unresolved) alert per room and metric.
CREATE TABLE alert (
  tenant_id      text             NOT NULL,
  id             text             NOT NULL,
  room_id        text             NOT NULL,
  metric         text             NOT NULL,
  sensor_id      text,
  value          double precision NOT NULL,
  unit           text,
  threshold_min  double precision,
  threshold_max  double precision,
  crossed        text             NOT NULL CHECK (crossed IN ('min', 'max')),
  raised_at      timestamptz      NOT NULL,
  resolved_at    timestamptz,
  resolved_value double precision,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX alert_active ON alert (tenant_id, room_id, metric) WHERE resolved_at IS NULL;
