package io.sac4cps.rooms.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.nullableDouble;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.rooms.domain.AlertPolicy;
import io.sac4cps.rooms.domain.CurrentValue;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.domain.Reading;
import io.sac4cps.rooms.domain.Series;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;

/**
 * {@code metric_current}: each room metric's latest value and alert counters. Writers hold the
 * advisory lock of each room whose series they touch ({@link #lock}, {@link #lockRoom}), taken in
 * one global order, so concurrent batches (one per Kafka partition) and threshold updates serialize
 * per room without deadlocks. An advisory lock writes nothing, where {@code SELECT … FOR UPDATE}
 * wrote every locked tuple (decision 0070). The caller's transaction.
 */
@Singleton
public class MetricStateStore {
  /**
   * Takes the rooms' transaction-scoped advisory locks, each once, in ascending key order (the
   * sorted subquery feeds them to the count in that order). Two rooms whose keys collide only share
   * a lock.
   */
  private static final String LOCK_ROOMS =
      "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT"
          + " hashtextextended(tenant_id || chr(10) || room_id, 0) AS k"
          + " FROM unnest(?::text[], ?::text[]) AS u(tenant_id, room_id) ORDER BY k) sorted) locked";

  private final JdbcStatements sql;

  public MetricStateStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /**
   * Locks the rooms of {@code series} and reads the series' rows; a series without a row yet is
   * absent from the answer, and {@link #updateAll} creates it.
   */
  public Map<Series, MetricState> lock(SortedSet<Series> series) {
    if (series.isEmpty()) {
      return Map.of();
    }
    lockRooms(series);
    // Read after the locks: under READ COMMITTED this statement sees what the lock's previous
    // holder committed.
    return states(
        sql.query(
            "SELECT c.* FROM metric_current c"
                + " JOIN unnest(?::text[], ?::text[], ?::text[]) AS k(tenant_id, room_id, metric)"
                + " USING (tenant_id, room_id, metric)",
            s -> bindKeys(sql, s, series),
            MetricStateStore::state));
  }

  /** Locks a room (threshold updates) and reads every metric row it has. */
  public Map<Series, MetricState> lockRoom(String tenantId, String roomId) {
    sql.query(
        LOCK_ROOMS,
        s -> {
          s.setArray(1, sql.array("text", new Object[] {tenantId}));
          s.setArray(2, sql.array("text", new Object[] {roomId}));
        },
        rs -> rs.getLong(1));
    return states(
        sql.query(
            "SELECT * FROM metric_current WHERE tenant_id = ? AND room_id = ?",
            s -> {
              s.setString(1, tenantId);
              s.setString(2, roomId);
            },
            MetricStateStore::state));
  }

  private void lockRooms(Collection<Series> series) {
    Object[] tenants = new Object[series.size()];
    Object[] rooms = new Object[series.size()];
    int i = 0;
    for (Series s : series) {
      tenants[i] = s.tenantId();
      rooms[i] = s.roomId();
      i++;
    }
    sql.query(
        LOCK_ROOMS,
        s -> {
          s.setArray(1, sql.array("text", tenants));
          s.setArray(2, sql.array("text", rooms));
        },
        rs -> rs.getLong(1));
  }

  /** Stores the series' counters and, when given, its new latest reading. */
  public void update(Series series, Reading latest, AlertPolicy.Streaks streaks) {
    String update =
        latest == null
            ? "UPDATE metric_current SET breach_streak = ?, clear_streak = ?"
                + " WHERE tenant_id = ? AND room_id = ? AND metric = ?"
            : "UPDATE metric_current SET breach_streak = ?, clear_streak = ?,"
                + " value = ?, unit = ?, ts = ?, sensor_id = ?"
                + " WHERE tenant_id = ? AND room_id = ? AND metric = ?";
    sql.update(
        update,
        s -> {
          int i = 1;
          s.setInt(i++, streaks.breach());
          s.setInt(i++, streaks.clear());
          if (latest != null) {
            s.setDouble(i++, latest.value());
            s.setString(i++, latest.unit());
            s.setTimestamp(i++, timestamp(latest.timestamp()));
            s.setString(i++, latest.sensorId());
          }
          s.setString(i++, series.tenantId());
          s.setString(i++, series.roomId());
          s.setString(i, series.metric().wireName());
        });
  }

  /** A series' new latest reading and counters, as one batch leaves them. */
  public record Advanced(Series series, Reading latest, AlertPolicy.Streaks streaks) {}

  /**
   * Stores many series' latest readings and counters in one statement (the consumer's batch): a
   * statement per series made the round trips the batch's cost (decision 0065). Creates the rows of
   * series seen for the first time. Their rooms must be locked ({@link #lock}) in this transaction.
   */
  public void updateAll(List<Advanced> advanced) {
    if (advanced.isEmpty()) {
      return;
    }
    int n = advanced.size();
    Object[] tenants = new Object[n];
    Object[] rooms = new Object[n];
    Object[] metrics = new Object[n];
    Integer[] breaches = new Integer[n];
    Integer[] clears = new Integer[n];
    Double[] values = new Double[n];
    Object[] units = new Object[n];
    Object[] timestamps = new Object[n];
    Object[] sensors = new Object[n];
    for (int i = 0; i < n; i++) {
      Advanced a = advanced.get(i);
      tenants[i] = a.series().tenantId();
      rooms[i] = a.series().roomId();
      metrics[i] = a.series().metric().wireName();
      breaches[i] = a.streaks().breach();
      clears[i] = a.streaks().clear();
      values[i] = a.latest().value();
      units[i] = a.latest().unit();
      timestamps[i] = a.latest().timestamp().toString();
      sensors[i] = a.latest().sensorId();
    }
    sql.update(
        "INSERT INTO metric_current AS c"
            + " (tenant_id, room_id, metric, breach_streak, clear_streak, value, unit, ts, sensor_id)"
            + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int4[], ?::int4[],"
            + " ?::float8[], ?::text[], ?::text[]::timestamptz[], ?::text[])"
            + " ON CONFLICT (tenant_id, room_id, metric) DO UPDATE SET"
            + " breach_streak = EXCLUDED.breach_streak, clear_streak = EXCLUDED.clear_streak,"
            + " value = EXCLUDED.value, unit = EXCLUDED.unit, ts = EXCLUDED.ts,"
            + " sensor_id = EXCLUDED.sensor_id",
        s -> {
          s.setArray(1, sql.array("text", tenants));
          s.setArray(2, sql.array("text", rooms));
          s.setArray(3, sql.array("text", metrics));
          s.setArray(4, sql.array("int4", breaches));
          s.setArray(5, sql.array("int4", clears));
          s.setArray(6, sql.array("float8", values));
          s.setArray(7, sql.array("text", units));
          s.setArray(8, sql.array("text", timestamps));
          s.setArray(9, sql.array("text", sensors));
        });
  }

  /** The latest value of each metric of a room that has had a reading. */
  public List<CurrentValue> current(String tenantId, String roomId) {
    return sql
        .query(
            "SELECT metric, value, unit, ts FROM metric_current"
                + " WHERE tenant_id = ? AND room_id = ? AND ts IS NOT NULL"
                + " ORDER BY metric",
            s -> {
              s.setString(1, tenantId);
              s.setString(2, roomId);
            },
            row ->
                Metric.fromWire(row.getString("metric"))
                    .map(
                        metric -> {
                          try {
                            return new CurrentValue(
                                metric,
                                row.getDouble("value"),
                                row.getString("unit"),
                                instant(row, "ts"));
                          } catch (SQLException e) {
                            throw new IllegalStateException(e);
                          }
                        })
                    .orElse(null))
        .stream()
        .filter(Objects::nonNull)
        .toList();
  }

  private record Row(Series series, MetricState state) {}

  /** A row of a metric this version does not know maps to null and is skipped. */
  private static Row state(ResultSet rs) throws SQLException {
    Metric metric = Metric.fromWire(rs.getString("metric")).orElse(null);
    if (metric == null) {
      return null;
    }
    return new Row(
        new Series(rs.getString("tenant_id"), rs.getString("room_id"), metric),
        new MetricState(
            nullableDouble(rs, "value"),
            rs.getString("unit"),
            instant(rs, "ts"),
            rs.getString("sensor_id"),
            new AlertPolicy.Streaks(rs.getInt("breach_streak"), rs.getInt("clear_streak"))));
  }

  private static Map<Series, MetricState> states(List<Row> rows) {
    Map<Series, MetricState> states = new HashMap<>();
    rows.stream().filter(Objects::nonNull).forEach(r -> states.put(r.series(), r.state()));
    return states;
  }

  /** Binds the series' (tenant, room, metric) columns as three text arrays, parameters 1 to 3. */
  static void bindKeys(JdbcStatements sql, PreparedStatement statement, Collection<Series> series)
      throws SQLException {
    Object[][] keys = new Object[3][series.size()];
    int i = 0;
    for (Series s : series) {
      keys[0][i] = s.tenantId();
      keys[1][i] = s.roomId();
      keys[2][i] = s.metric().wireName();
      i++;
    }
    for (int k = 0; k < 3; k++) {
      statement.setArray(k + 1, sql.array("text", keys[k]));
    }
  }
}
