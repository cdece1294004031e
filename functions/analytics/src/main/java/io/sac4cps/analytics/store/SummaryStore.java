package io.sac4cps.analytics.store;

import io.sac4cps.analytics.domain.AlertPeriod;
import io.sac4cps.analytics.domain.Metric;
import io.sac4cps.analytics.domain.RoomPeriod;
import io.sac4cps.analytics.domain.SensorHealth;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary's figures, computed in PostgreSQL from the room-hour sums and the per-sensor hour
 * aggregates of the current and the previous period in one pass each (decision 0024): rows stay in
 * the database, only a row per room, sensor or period comes back.
 */
@Singleton
public class SummaryStore {
  /** CO2 limit where a room has none (ppm). */
  public static final double DEFAULT_CO2_LIMIT = 1000;

  private static final String ROOM_PERIODS =
      """
      WITH rh AS (
        SELECT room_id, bucket, bucket >= ? AS current,
               occupancy_max AS occ_max, occupancy_sum AS occ_sum,
               nullif(occupancy_count, 0) AS occ_n,
               temperature_sum / nullif(temperature_count, 0) AS temp,
               humidity_sum / nullif(humidity_count, 0) AS hum,
               co2_sum / nullif(co2_count, 0) AS co2,
               CASE WHEN energy_count > 0 THEN energy_sum END AS energy
        FROM room_hour
        WHERE tenant_id = ? %1$s AND bucket >= ? AND bucket < ?
      ), lim AS (
        SELECT room_id,
               min(min) FILTER (WHERE metric = 'temperature') AS tmin,
               min(max) FILTER (WHERE metric = 'temperature') AS tmax,
               min(min) FILTER (WHERE metric = 'humidity') AS hmin,
               min(max) FILTER (WHERE metric = 'humidity') AS hmax,
               min(min) FILTER (WHERE metric = 'co2') AS cmin,
               min(max) FILTER (WHERE metric = 'co2') AS cmax,
               bool_or(metric = 'temperature') AS has_t,
               bool_or(metric = 'humidity') AS has_h,
               bool_or(metric = 'co2') AS has_c
        FROM room_threshold WHERE tenant_id = ? GROUP BY room_id
      ), judged AS (
        SELECT rh.*,
               CASE WHEN bool_or(occ_n IS NOT NULL) OVER (PARTITION BY rh.room_id, current)
                    THEN coalesce(occ_max > 0, false)
                    ELSE temp IS NOT NULL OR hum IS NOT NULL OR co2 IS NOT NULL END AS occupied,
               CASE WHEN temp IS NULL OR NOT coalesce(has_t, false) THEN NULL
                    ELSE temp >= coalesce(tmin, '-Infinity') AND temp <= coalesce(tmax, 'Infinity')
                    END AS t_in,
               CASE WHEN hum IS NULL OR NOT coalesce(has_h, false) THEN NULL
                    ELSE hum >= coalesce(hmin, '-Infinity') AND hum <= coalesce(hmax, 'Infinity')
                    END AS h_in,
               CASE WHEN co2 IS NULL OR NOT coalesce(has_c, false) THEN NULL
                    ELSE co2 >= coalesce(cmin, '-Infinity') AND co2 <= coalesce(cmax, 'Infinity')
                    END AS c_in,
               co2 > coalesce(cmax, ?) AS c_exceeded
        FROM rh LEFT JOIN lim ON lim.room_id = rh.room_id
      )
      SELECT room_id, current,
             coalesce(sum(occ_sum), 0) AS occ_sum, coalesce(sum(occ_n), 0) AS occ_n,
             max(occ_max) AS occ_peak, sum(energy) AS energy,
             count(*) FILTER (WHERE occupied) AS occupied_hours,
             count(*) FILTER (WHERE occupied AND coalesce(t_in, h_in, c_in) IS NOT NULL) AS judged,
             count(*) FILTER (WHERE occupied AND coalesce(t_in, h_in, c_in) IS NOT NULL
                              AND coalesce(t_in, true) AND coalesce(h_in, true)
                              AND coalesce(c_in, true)) AS comfortable,
             count(*) FILTER (WHERE occupied AND t_in IS NOT NULL) AS t_hours,
             count(*) FILTER (WHERE occupied AND t_in) AS t_inside,
             count(*) FILTER (WHERE occupied AND h_in IS NOT NULL) AS h_hours,
             count(*) FILTER (WHERE occupied AND h_in) AS h_inside,
             count(*) FILTER (WHERE occupied AND c_in IS NOT NULL) AS c_hours,
             count(*) FILTER (WHERE occupied AND c_in) AS c_inside,
             count(*) FILTER (WHERE c_exceeded) AS c_exceeded
      FROM judged GROUP BY room_id, current ORDER BY room_id, current
      """;

  private static final String SENSOR_HEALTH =
      """
      SELECT s.id, s.room_id, s.metric, s.first_reading, s.last_reading, h.current, h.received,
             h.received::float8 / h.hours AS usual
      FROM (SELECT sensor_id, bucket >= ? AS current, sum(count) AS received, count(*) AS hours
            FROM reading_hour WHERE tenant_id = ? %1$s AND bucket >= ? AND bucket < ?
            GROUP BY sensor_id, current) h
      JOIN sensor s ON s.tenant_id = ? AND s.id = h.sensor_id
      """;

  private static final String SENSORS =
      "SELECT id, room_id, metric, first_reading, last_reading FROM sensor s"
          + " WHERE tenant_id = ? %1$s ORDER BY id";

  private static final String ALERTS =
      """
      SELECT count(*) FILTER (WHERE raised_at >= ? AND raised_at < ?) AS raised,
             count(*) FILTER (WHERE resolved_at >= ? AND resolved_at < ?) AS resolved,
             count(*) FILTER (WHERE raised_at < ? AND (resolved_at IS NULL OR resolved_at >= ?))
               AS active,
             avg(extract(epoch FROM resolved_at - raised_at))
               FILTER (WHERE resolved_at >= ? AND resolved_at < ? AND raised_at IS NOT NULL)
               AS mttr
      FROM alert WHERE tenant_id = ? %1$s
      """;

  private static final String TOP_ALERT_ROOMS =
      """
      SELECT room_id, count(*) AS alerts FROM alert
      WHERE tenant_id = ? %1$s AND raised_at >= ? AND raised_at < ?
      GROUP BY room_id ORDER BY alerts DESC, room_id LIMIT ?
      """;

  private final JdbcStatements sql;

  public SummaryStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /**
   * Each room's figures (from its room-hour sums) over {@code [previousFrom, from)} ({@code
   * current} false) and {@code [from, to)}; {@code roomIds} null means every room of the tenant.
   */
  public List<RoomPeriod> roomPeriods(
      String tenantId, List<String> roomIds, Instant previousFrom, Instant from, Instant to) {
    return sql.query(
        ROOM_PERIODS.formatted(roomClause(roomIds)),
        select -> {
          int next = bindPeriods(select, tenantId, roomIds, previousFrom, from, to);
          select.setDouble(next, DEFAULT_CO2_LIMIT);
        },
        row ->
            new RoomPeriod(
                row.getString("room_id"),
                row.getBoolean("current"),
                row.getDouble("occ_sum"),
                row.getLong("occ_n"),
                JdbcStatements.nullableDouble(row, "occ_peak"),
                JdbcStatements.nullableDouble(row, "energy"),
                row.getLong("occupied_hours"),
                row.getLong("judged"),
                row.getLong("comfortable"),
                row.getLong("t_hours"),
                row.getLong("t_inside"),
                row.getLong("h_hours"),
                row.getLong("h_inside"),
                row.getLong("c_hours"),
                row.getLong("c_inside"),
                row.getLong("c_exceeded")));
  }

  /** Every sensor in scope, with its readings in each period (none: no row for the period). */
  public List<SensorHealth> sensorHealth(
      String tenantId, List<String> roomIds, Instant previousFrom, Instant from, Instant to) {
    Map<String, SensorHealth> seen = new LinkedHashMap<>();
    List<SensorHealth> result =
        new java.util.ArrayList<>(
            sql.query(
                SENSOR_HEALTH.formatted(roomClause(roomIds)),
                select -> bindPeriods(select, tenantId, roomIds, previousFrom, from, to),
                row ->
                    new SensorHealth(
                        row.getString("id"),
                        row.getString("room_id"),
                        Metric.fromWire(row.getString("metric")).orElseThrow(),
                        JdbcStatements.instant(row, "first_reading"),
                        JdbcStatements.instant(row, "last_reading"),
                        row.getBoolean("current"),
                        row.getLong("received"),
                        row.getDouble("usual"))));
    result.forEach(h -> seen.put(h.sensorId() + "/" + h.current(), h));
    // Sensors silent in a period still count there: 0 received.
    sql.query(
        SENSORS.formatted(roomClause(roomIds)),
        select -> {
          select.setString(1, tenantId);
          if (roomIds != null) {
            select.setArray(2, sql.textArray(roomIds));
          }
        },
        row -> {
          for (boolean current : new boolean[] {false, true}) {
            String id = row.getString("id");
            if (!seen.containsKey(id + "/" + current)) {
              result.add(
                  new SensorHealth(
                      id,
                      row.getString("room_id"),
                      Metric.fromWire(row.getString("metric")).orElseThrow(),
                      JdbcStatements.instant(row, "first_reading"),
                      JdbcStatements.instant(row, "last_reading"),
                      current,
                      0,
                      null));
            }
          }
          return null;
        });
    return result;
  }

  /** Alert statistics of {@code [from, to)}. */
  public AlertPeriod alerts(String tenantId, List<String> roomIds, Instant from, Instant to) {
    return sql.queryOne(
            ALERTS.formatted(roomClause(roomIds)),
            select -> {
              int i = 1;
              for (int pair = 0; pair < 4; pair++) {
                select.setTimestamp(i++, JdbcStatements.timestamp(pair == 2 ? to : from));
                select.setTimestamp(i++, JdbcStatements.timestamp(to));
              }
              select.setString(i++, tenantId);
              if (roomIds != null) {
                select.setArray(i, sql.textArray(roomIds));
              }
            },
            row ->
                new AlertPeriod(
                    row.getLong("raised"),
                    row.getLong("resolved"),
                    row.getLong("active"),
                    JdbcStatements.nullableDouble(row, "mttr")))
        .orElseThrow();
  }

  /** The rooms with the most alerts raised in {@code [from, to)}, most first. */
  public Map<String, Long> topAlertRooms(
      String tenantId, List<String> roomIds, Instant from, Instant to, int limit) {
    Map<String, Long> top = new LinkedHashMap<>();
    sql.query(
        TOP_ALERT_ROOMS.formatted(roomClause(roomIds)),
        select -> {
          int i = 1;
          select.setString(i++, tenantId);
          if (roomIds != null) {
            select.setArray(i++, sql.textArray(roomIds));
          }
          select.setTimestamp(i++, JdbcStatements.timestamp(from));
          select.setTimestamp(i++, JdbcStatements.timestamp(to));
          select.setInt(i, limit);
        },
        row -> top.put(row.getString("room_id"), row.getLong("alerts")));
    return top;
  }

  /**
   * The parameters ROOM_PERIODS and SENSOR_HEALTH share, in their order: where the current period
   * starts, the tenant and rooms, the span of both periods, the tenant again (the join).
   *
   * @return the index of the next parameter
   */
  private int bindPeriods(
      PreparedStatement select,
      String tenantId,
      List<String> roomIds,
      Instant previousFrom,
      Instant from,
      Instant to)
      throws SQLException {
    int i = 1;
    select.setTimestamp(i++, JdbcStatements.timestamp(from));
    select.setString(i++, tenantId);
    if (roomIds != null) {
      select.setArray(i++, sql.textArray(roomIds));
    }
    select.setTimestamp(i++, JdbcStatements.timestamp(previousFrom));
    select.setTimestamp(i++, JdbcStatements.timestamp(to));
    select.setString(i++, tenantId);
    return i;
  }

  private static String roomClause(List<String> roomIds) {
    return roomIds == null ? "" : "AND room_id = ANY(?)";
  }
}
