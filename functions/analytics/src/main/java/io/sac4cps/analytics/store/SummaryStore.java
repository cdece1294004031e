package io.sac4cps.analytics.store;

import io.sac4cps.analytics.domain.AlertPeriod;
import io.sac4cps.analytics.domain.DaySplit;
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
import java.util.stream.Collectors;

/**
 * The summary's figures, computed in PostgreSQL from the daily rollups of the periods' whole UTC
 * days and the room-hour sums and per-sensor hour aggregates of their edges, both periods in one
 * pass each (decisions 0024, 0064): rows stay in the database, only a row per room, sensor or
 * period comes back.
 */
@Singleton
public class SummaryStore {
  /**
   * Each room's figures per period: the room-days of the periods' whole UTC days (the hours of
   * those not rolled up since they changed) and the room-hours of their edges, judged alike ({@code
   * room_hour_figures}), summed. Both readings of "occupied" come back; which applies depends on
   * whether the room had occupancy readings in the period.
   */
  private static final String ROOM_PERIODS =
      """
      WITH days AS (
        SELECT * FROM room_day
        WHERE tenant_id = ? %%1$s AND ((day >= ? AND day < ?) OR (day >= ? AND day < ?))
      ), parts AS (
        SELECT room_id, day AS at, %1$s FROM days WHERE version = rolled_version
        UNION ALL
        SELECT f.room_id, f.bucket, %2$s FROM days
        JOIN room_hour_figures f ON f.tenant_id = days.tenant_id AND f.room_id = days.room_id
          AND f.bucket >= days.day AND f.bucket < days.day + interval '24 hours'
        WHERE days.version <> days.rolled_version
        UNION ALL
        SELECT room_id, bucket, %1$s FROM room_hour_figures
        WHERE tenant_id = ? %%1$s AND ((bucket >= ? AND bucket < ?) OR (bucket >= ? AND bucket < ?)
                                      OR (bucket >= ? AND bucket < ?) OR (bucket >= ? AND bucket < ?))
      )
      SELECT room_id, at >= ? AS current, %3$s
      FROM parts GROUP BY room_id, current ORDER BY room_id, current
      """
          .formatted(
              String.join(", ", RoomDayStore.FIGURES),
              RoomDayStore.FIGURES.stream().map(c -> "f." + c).collect(Collectors.joining(", ")),
              RoomDayStore.sums(""));

  /** Readings and hours with readings per sensor and period, from sensor-days and edge hours. */
  private static final String SENSOR_HEALTH =
      """
      SELECT s.id, s.room_id, s.metric, s.first_reading, s.last_reading, h.current, h.received,
             h.received::float8 / h.hours AS usual
      FROM (SELECT sensor_id, at >= ? AS current, sum(received) AS received, sum(hours) AS hours
            FROM (SELECT sensor_id, day AS at, received, bit_count(hours::bit(24)) AS hours
                  FROM sensor_day
                  WHERE tenant_id = ? %1$s AND ((day >= ? AND day < ?) OR (day >= ? AND day < ?))
                  UNION ALL
                  SELECT sensor_id, bucket, count, 1 FROM reading_hour
                  WHERE tenant_id = ? %1$s
                    AND ((bucket >= ? AND bucket < ?) OR (bucket >= ? AND bucket < ?)
                         OR (bucket >= ? AND bucket < ?) OR (bucket >= ? AND bucket < ?))) p
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
          int next = bindSplit(select, 1, tenantId, roomIds, previousFrom, from, to);
          select.setTimestamp(next, JdbcStatements.timestamp(from));
        },
        row -> {
          // "Occupied" by occupancy readings where the room has any in the period (decision 0024).
          String occupied = row.getLong("occupancy_count") > 0 ? "os_" : "cr_";
          return new RoomPeriod(
              row.getString("room_id"),
              row.getBoolean("current"),
              row.getDouble("occupancy_sum"),
              row.getLong("occupancy_count"),
              JdbcStatements.nullableDouble(row, "occupancy_max"),
              JdbcStatements.nullableDouble(row, "energy"),
              row.getLong(occupied + "occupied"),
              row.getLong(occupied + "judged"),
              row.getLong(occupied + "comfortable"),
              row.getLong(occupied + "t_hours"),
              row.getLong(occupied + "t_inside"),
              row.getLong(occupied + "h_hours"),
              row.getLong(occupied + "h_inside"),
              row.getLong(occupied + "c_hours"),
              row.getLong(occupied + "c_inside"),
              row.getLong("co2_exceeded"));
        });
  }

  /** Every sensor in scope, with its readings in each period (none: no row for the period). */
  public List<SensorHealth> sensorHealth(
      String tenantId, List<String> roomIds, Instant previousFrom, Instant from, Instant to) {
    Map<String, SensorHealth> seen = new LinkedHashMap<>();
    List<SensorHealth> result =
        new java.util.ArrayList<>(
            sql.query(
                SENSOR_HEALTH.formatted(roomClause(roomIds)),
                select -> {
                  select.setTimestamp(1, JdbcStatements.timestamp(from));
                  int next = bindSplit(select, 2, tenantId, roomIds, previousFrom, from, to);
                  select.setString(next, tenantId);
                },
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
   * The parameters ROOM_PERIODS and SENSOR_HEALTH share, from {@code first}: the tenant and rooms
   * and the whole days of both periods, then the tenant and rooms and their edge hours.
   *
   * @return the index of the next parameter
   */
  private int bindSplit(
      PreparedStatement select,
      int first,
      String tenantId,
      List<String> roomIds,
      Instant previousFrom,
      Instant from,
      Instant to)
      throws SQLException {
    DaySplit previous = DaySplit.of(previousFrom, from);
    DaySplit current = DaySplit.of(from, to);
    int i = bindScope(select, first, tenantId, roomIds);
    for (DaySplit period : List.of(previous, current)) {
      select.setTimestamp(i++, JdbcStatements.timestamp(period.firstDay()));
      select.setTimestamp(i++, JdbcStatements.timestamp(period.endDay()));
    }
    i = bindScope(select, i, tenantId, roomIds);
    for (DaySplit period : List.of(previous, current)) {
      select.setTimestamp(i++, JdbcStatements.timestamp(period.start()));
      select.setTimestamp(i++, JdbcStatements.timestamp(period.firstDay()));
      select.setTimestamp(i++, JdbcStatements.timestamp(period.endDay()));
      select.setTimestamp(i++, JdbcStatements.timestamp(period.end()));
    }
    return i;
  }

  private int bindScope(PreparedStatement select, int i, String tenantId, List<String> roomIds)
      throws SQLException {
    select.setString(i++, tenantId);
    if (roomIds != null) {
      select.setArray(i++, sql.textArray(roomIds));
    }
    return i;
  }

  private static String roomClause(List<String> roomIds) {
    return roomIds == null ? "" : "AND room_id = ANY(?)";
  }
}
