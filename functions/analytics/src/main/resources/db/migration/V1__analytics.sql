-- Analytics' own copy of what it needs from other functions, and its projection of the readings
-- (docs/decisions/0024, 0025). Every table is keyed by tenant first.

-- Rooms as room.changed.v1 describes them; the newest changed_at wins.
CREATE TABLE room (
  tenant_id  text             NOT NULL,
  id         text             NOT NULL,
  name       text             NOT NULL,
  building   text             NOT NULL,
  floor      integer          NOT NULL,
  area_m2    double precision,
  capacity   integer,
  changed_at timestamptz      NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX room_by_building ON room (tenant_id, building, id);

CREATE TABLE room_threshold (
  tenant_id text             NOT NULL,
  room_id   text             NOT NULL,
  metric    text             NOT NULL,
  min       double precision,
  max       double precision,
  PRIMARY KEY (tenant_id, room_id, metric)
);

-- Sensors as their readings describe them: room, metric, unit, first and last reading time.
CREATE TABLE sensor (
  tenant_id     text        NOT NULL,
  id            text        NOT NULL,
  room_id       text        NOT NULL,
  metric        text        NOT NULL,
  unit          text        NOT NULL,
  first_reading timestamptz NOT NULL,
  last_reading  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sensor_by_room ON sensor (tenant_id, room_id);

-- Per-sensor aggregates by reading time (a late reading adds to its own bucket): sums and counts,
-- so adding is exact and associative. Quarter hours fill the calendar buckets of any zone (every
-- offset is a multiple of 15 minutes), hours those of whole-hour zones. Keyed room and metric first for trends and summaries; the
-- sensor last, so a sensor's completeness is countable.
CREATE TABLE reading_quarter (
  tenant_id text             NOT NULL,
  room_id   text             NOT NULL,
  metric    text             NOT NULL,
  bucket    timestamptz      NOT NULL,
  sensor_id text             NOT NULL,
  count     bigint           NOT NULL,
  sum       double precision NOT NULL,
  min       double precision NOT NULL,
  max       double precision NOT NULL,
  PRIMARY KEY (tenant_id, room_id, metric, bucket, sensor_id)
);
CREATE INDEX reading_quarter_by_bucket ON reading_quarter (bucket);

CREATE TABLE reading_hour (
  tenant_id text             NOT NULL,
  room_id   text             NOT NULL,
  metric    text             NOT NULL,
  bucket    timestamptz      NOT NULL,
  sensor_id text             NOT NULL,
  count     bigint           NOT NULL,
  sum       double precision NOT NULL,
  min       double precision NOT NULL,
  max       double precision NOT NULL,
  PRIMARY KEY (tenant_id, room_id, metric, bucket, sensor_id)
);

-- Per room and UTC hour, the sums of the metrics the summary judges an hour by (occupancy, comfort,
-- energy), over all the room's sensors: the summary reads one row per room-hour, not one per sensor.
CREATE TABLE room_hour (
  tenant_id         text             NOT NULL,
  room_id           text             NOT NULL,
  bucket            timestamptz      NOT NULL,
  occupancy_count   bigint           NOT NULL,
  occupancy_sum     double precision NOT NULL,
  occupancy_max     double precision,
  temperature_count bigint           NOT NULL,
  temperature_sum   double precision NOT NULL,
  humidity_count    bigint           NOT NULL,
  humidity_sum      double precision NOT NULL,
  co2_count         bigint           NOT NULL,
  co2_sum           double precision NOT NULL,
  energy_count      bigint           NOT NULL,
  energy_sum        double precision NOT NULL,
  PRIMARY KEY (tenant_id, room_id, bucket)
);

-- Alerts from alert.raised.v1 / alert.resolved.v1, whichever arrives first.
CREATE TABLE alert (
  tenant_id   text        NOT NULL,
  id          text        NOT NULL,
  room_id     text        NOT NULL,
  metric      text        NOT NULL,
  raised_at   timestamptz,
  resolved_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX alert_by_room ON alert (tenant_id, room_id);
