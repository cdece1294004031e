package io.sac4cps.rooms.store;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.rooms.domain.AlertPolicy;
import io.sac4cps.rooms.domain.CurrentValue;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.domain.Reading;
import io.sac4cps.rooms.domain.Series;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * {@code metric_current}: each room metric's latest value and alert counters. Writers lock the rows
 * of the series they touch ({@link #lock}), in one global order, so concurrent batches (one per
 * Kafka partition) and threshold updates serialize per series without deadlocks.
 */
@Singleton
public class MetricStateStore {
  private final TransactionOperations<Connection> transactions;

  public MetricStateStore(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  /** Creates missing rows and locks all of {@code series}; the caller's transaction. */
  public Map<Series, MetricState> lock(Connection connection, SortedSet<Series> series)
      throws SQLException {
    if (series.isEmpty()) {
      return Map.of();
    }
    Object[][] keys = keys(series);
    try (PreparedStatement create =
        connection.prepareStatement(
            "INSERT INTO metric_current (tenant_id, room_id, metric)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[])"
                + " ON CONFLICT DO NOTHING")) {
      for (int i = 0; i < 3; i++) {
        create.setArray(i + 1, Sql.texts(connection, keys[i]));
      }
      create.executeUpdate();
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT c.* FROM metric_current c"
                + " JOIN unnest(?::text[], ?::text[], ?::text[]) AS k(tenant_id, room_id, metric)"
                + " USING (tenant_id, room_id, metric)"
                + " ORDER BY c.tenant_id, c.room_id, c.metric FOR UPDATE OF c")) {
      for (int i = 0; i < 3; i++) {
        select.setArray(i + 1, Sql.texts(connection, keys[i]));
      }
      return states(select);
    }
  }

  /** Locks every metric row of a room (threshold updates); the caller's transaction. */
  public Map<Series, MetricState> lockRoom(Connection connection, String tenantId, String roomId)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT * FROM metric_current WHERE tenant_id = ? AND room_id = ?"
                + " ORDER BY tenant_id, room_id, metric FOR UPDATE")) {
      select.setString(1, tenantId);
      select.setString(2, roomId);
      return states(select);
    }
  }

  /** Stores the series' counters and, when given, its new latest reading. */
  public void update(
      Connection connection, Series series, Reading latest, AlertPolicy.Streaks streaks)
      throws SQLException {
    String sql =
        latest == null
            ? "UPDATE metric_current SET breach_streak = ?, clear_streak = ?"
                + " WHERE tenant_id = ? AND room_id = ? AND metric = ?"
            : "UPDATE metric_current SET breach_streak = ?, clear_streak = ?,"
                + " value = ?, unit = ?, ts = ?, sensor_id = ?"
                + " WHERE tenant_id = ? AND room_id = ? AND metric = ?";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      int i = 1;
      update.setInt(i++, streaks.breach());
      update.setInt(i++, streaks.clear());
      if (latest != null) {
        update.setDouble(i++, latest.value());
        update.setString(i++, latest.unit());
        Sql.setInstant(update, i++, latest.timestamp());
        update.setString(i++, latest.sensorId());
      }
      update.setString(i++, series.tenantId());
      update.setString(i++, series.roomId());
      update.setString(i, series.metric().wireName());
      update.executeUpdate();
    }
  }

  /** The latest value of each metric of a room that has had a reading. */
  public List<CurrentValue> current(String tenantId, String roomId) {
    return transactions.executeRead(
        status -> {
          try (PreparedStatement select =
              status
                  .getConnection()
                  .prepareStatement(
                      "SELECT metric, value, unit, ts FROM metric_current"
                          + " WHERE tenant_id = ? AND room_id = ? AND ts IS NOT NULL"
                          + " ORDER BY metric")) {
            select.setString(1, tenantId);
            select.setString(2, roomId);
            List<CurrentValue> values = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                Metric metric = Metric.fromWire(rs.getString("metric")).orElse(null);
                if (metric != null) {
                  values.add(
                      new CurrentValue(
                          metric,
                          rs.getDouble("value"),
                          rs.getString("unit"),
                          Sql.instant(rs, "ts")));
                }
              }
            }
            return values;
          }
        });
  }

  private static Map<Series, MetricState> states(PreparedStatement select) throws SQLException {
    Map<Series, MetricState> states = new HashMap<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        Metric metric = Metric.fromWire(rs.getString("metric")).orElse(null);
        if (metric == null) {
          continue;
        }
        states.put(
            new Series(rs.getString("tenant_id"), rs.getString("room_id"), metric),
            new MetricState(
                Sql.nullableDouble(rs, "value"),
                rs.getString("unit"),
                Sql.instant(rs, "ts"),
                rs.getString("sensor_id"),
                new AlertPolicy.Streaks(rs.getInt("breach_streak"), rs.getInt("clear_streak"))));
      }
    }
    return states;
  }

  static Object[][] keys(java.util.Collection<Series> series) {
    Object[][] keys = new Object[3][series.size()];
    int i = 0;
    for (Series s : series) {
      keys[0][i] = s.tenantId();
      keys[1][i] = s.roomId();
      keys[2][i] = s.metric().wireName();
      i++;
    }
    return keys;
  }
}
