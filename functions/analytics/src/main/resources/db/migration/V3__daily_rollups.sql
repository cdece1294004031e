-- Daily rollups the summary reads for the whole UTC days of its periods, so a 30-day summary reads
-- a row per room-day and sensor-day instead of one per hour (decision 0064). Hours at a period's
-- edges still come from room_hour / reading_hour.

-- Each room-hour judged the way the summary judges it (decision 0024), as 0/1 counts that add up:
-- the one place the judgement is written. Two readings of "occupied", because which applies
-- depends on the whole period: os_ (the room has occupancy readings in the period: the hour's peak
-- is above 0) and cr_ (it has none: the hour has a temperature, humidity or CO2 reading). The
-- thresholds are those in force now; without a CO2 limit, exceedance is above 1000 ppm.
CREATE VIEW room_hour_figures AS
SELECT h.tenant_id, h.room_id, h.bucket,
       h.occupancy_count, h.occupancy_sum, h.occupancy_max,
       CASE WHEN h.energy_count > 0 THEN h.energy_sum END AS energy,
       (os AND j.judged)::int AS os_judged,
       os::int AS os_occupied,
       (os AND j.comfortable)::int AS os_comfortable,
       (os AND j.t_in IS NOT NULL)::int AS os_t_hours,
       (os AND coalesce(j.t_in, false))::int AS os_t_inside,
       (os AND j.h_in IS NOT NULL)::int AS os_h_hours,
       (os AND coalesce(j.h_in, false))::int AS os_h_inside,
       (os AND j.c_in IS NOT NULL)::int AS os_c_hours,
       (os AND coalesce(j.c_in, false))::int AS os_c_inside,
       (cr AND j.judged)::int AS cr_judged,
       cr::int AS cr_occupied,
       (cr AND j.comfortable)::int AS cr_comfortable,
       (cr AND j.t_in IS NOT NULL)::int AS cr_t_hours,
       (cr AND coalesce(j.t_in, false))::int AS cr_t_inside,
       (cr AND j.h_in IS NOT NULL)::int AS cr_h_hours,
       (cr AND coalesce(j.h_in, false))::int AS cr_h_inside,
       (cr AND j.c_in IS NOT NULL)::int AS cr_c_hours,
       (cr AND coalesce(j.c_in, false))::int AS cr_c_inside,
       coalesce(h.co2_sum / nullif(h.co2_count, 0) > coalesce(l.cmax, 1000), false)::int
         AS co2_exceeded
FROM room_hour h
LEFT JOIN (
  SELECT tenant_id, room_id,
         min(min) FILTER (WHERE metric = 'temperature') AS tmin,
         min(max) FILTER (WHERE metric = 'temperature') AS tmax,
         min(min) FILTER (WHERE metric = 'humidity') AS hmin,
         min(max) FILTER (WHERE metric = 'humidity') AS hmax,
         min(min) FILTER (WHERE metric = 'co2') AS cmin,
         min(max) FILTER (WHERE metric = 'co2') AS cmax,
         bool_or(metric = 'temperature') AS has_t,
         bool_or(metric = 'humidity') AS has_h,
         bool_or(metric = 'co2') AS has_c
  FROM room_threshold GROUP BY tenant_id, room_id
) l ON l.tenant_id = h.tenant_id AND l.room_id = h.room_id
CROSS JOIN LATERAL (
  SELECT coalesce(h.occupancy_max > 0, false) AS os,
         h.temperature_count > 0 OR h.humidity_count > 0 OR h.co2_count > 0 AS cr
) o
CROSS JOIN LATERAL (
  SELECT t_in, h_in, c_in,
         coalesce(t_in, h_in, c_in) IS NOT NULL AS judged,
         coalesce(t_in, h_in, c_in) IS NOT NULL
           AND coalesce(t_in, true) AND coalesce(h_in, true) AND coalesce(c_in, true) AS comfortable
  FROM (SELECT
          CASE WHEN h.temperature_count = 0 OR NOT coalesce(l.has_t, false) THEN NULL
               ELSE h.temperature_sum / h.temperature_count
                      BETWEEN coalesce(l.tmin, '-Infinity') AND coalesce(l.tmax, 'Infinity')
               END AS t_in,
          CASE WHEN h.humidity_count = 0 OR NOT coalesce(l.has_h, false) THEN NULL
               ELSE h.humidity_sum / h.humidity_count
                      BETWEEN coalesce(l.hmin, '-Infinity') AND coalesce(l.hmax, 'Infinity')
               END AS h_in,
          CASE WHEN h.co2_count = 0 OR NOT coalesce(l.has_c, false) THEN NULL
               ELSE h.co2_sum / h.co2_count
                      BETWEEN coalesce(l.cmin, '-Infinity') AND coalesce(l.cmax, 'Infinity')
               END AS c_in) v
) j;

-- room_hour_figures summed per room and UTC day (occupancy_max: the day's peak; energy: null
-- without energy readings). A batch that adds to a day's hours, or a change of the room's
-- thresholds, bumps its version; the figures are those of rolled_version's hours, so the day is
-- rolled up when the two are equal, and until then the summary reads the day's hours instead.
-- Batches roll up days that have settled (before the newest day they carry), a few per batch.
CREATE TABLE room_day (
  tenant_id          text             NOT NULL,
  room_id            text             NOT NULL,
  day                timestamptz      NOT NULL,
  occupancy_count    bigint           NOT NULL DEFAULT 0,
  occupancy_sum      double precision NOT NULL DEFAULT 0,
  occupancy_max      double precision,
  energy             double precision,
  os_judged          integer          NOT NULL DEFAULT 0,
  os_occupied        integer          NOT NULL DEFAULT 0,
  os_comfortable     integer          NOT NULL DEFAULT 0,
  os_t_hours         integer          NOT NULL DEFAULT 0,
  os_t_inside        integer          NOT NULL DEFAULT 0,
  os_h_hours         integer          NOT NULL DEFAULT 0,
  os_h_inside        integer          NOT NULL DEFAULT 0,
  os_c_hours         integer          NOT NULL DEFAULT 0,
  os_c_inside        integer          NOT NULL DEFAULT 0,
  cr_judged          integer          NOT NULL DEFAULT 0,
  cr_occupied        integer          NOT NULL DEFAULT 0,
  cr_comfortable     integer          NOT NULL DEFAULT 0,
  cr_t_hours         integer          NOT NULL DEFAULT 0,
  cr_t_inside        integer          NOT NULL DEFAULT 0,
  cr_h_hours         integer          NOT NULL DEFAULT 0,
  cr_h_inside        integer          NOT NULL DEFAULT 0,
  cr_c_hours         integer          NOT NULL DEFAULT 0,
  cr_c_inside        integer          NOT NULL DEFAULT 0,
  co2_exceeded       integer          NOT NULL DEFAULT 0,
  version            bigint           NOT NULL DEFAULT 1,
  rolled_version     bigint           NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, room_id, day)
);
CREATE INDEX room_day_not_rolled_up ON room_day (day) WHERE version <> rolled_version;

-- Per sensor (and room and metric, as reading_hour keys it) and UTC day: readings received, and
-- which hours had any (bit h = hour h): both only grow, so a batch adds to them.
CREATE TABLE sensor_day (
  tenant_id text        NOT NULL,
  room_id   text        NOT NULL,
  metric    text        NOT NULL,
  day       timestamptz NOT NULL,
  sensor_id text        NOT NULL,
  received  bigint      NOT NULL,
  hours     integer     NOT NULL,
  PRIMARY KEY (tenant_id, room_id, metric, day, sensor_id)
);

-- The hours at a period's edges, for a building or the whole tenant: reading_hour's key has the
-- metric before the bucket, so without these a few edge hours would read all of a room's hours.
CREATE INDEX reading_hour_by_tenant_bucket ON reading_hour (tenant_id, bucket);
CREATE INDEX room_hour_by_tenant_bucket ON room_hour (tenant_id, bucket);

-- What was projected before this migration.
INSERT INTO room_day
SELECT tenant_id, room_id, date_trunc('day', bucket, 'UTC'),
       sum(occupancy_count), sum(occupancy_sum), max(occupancy_max), sum(energy),
       sum(os_judged), sum(os_occupied), sum(os_comfortable), sum(os_t_hours),
       sum(os_t_inside), sum(os_h_hours), sum(os_h_inside), sum(os_c_hours), sum(os_c_inside),
       sum(cr_judged), sum(cr_occupied), sum(cr_comfortable), sum(cr_t_hours),
       sum(cr_t_inside), sum(cr_h_hours), sum(cr_h_inside), sum(cr_c_hours), sum(cr_c_inside),
       sum(co2_exceeded), 1, 1
FROM room_hour_figures GROUP BY 1, 2, 3;

INSERT INTO sensor_day
SELECT tenant_id, room_id, metric, date_trunc('day', bucket, 'UTC'), sensor_id, sum(count),
       bit_or(1 << extract(hour FROM bucket AT TIME ZONE 'UTC')::int)
FROM reading_hour GROUP BY 1, 2, 3, 4, 5;
