package io.sac4cps.rooms.store;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.rooms.domain.Alert;
import io.sac4cps.rooms.domain.Limits;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.domain.Series;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Alerts of room metrics; at most one active per room metric (a unique partial index). */
@Singleton
public class AlertStore {
  private static final String COLUMNS =
      "tenant_id, id, room_id, metric, sensor_id, value, unit, threshold_min, threshold_max,"
          + " crossed, raised_at";

  private final TransactionOperations<Connection> transactions;

  public AlertStore(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  /** The active alerts of {@code series}; the caller's transaction. */
  public Map<Series, Alert> active(Connection connection, Collection<Series> series)
      throws SQLException {
    Map<Series, Alert> active = new HashMap<>();
    if (series.isEmpty()) {
      return active;
    }
    Object[][] keys = MetricStateStore.keys(series);
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM alert JOIN unnest(?::text[], ?::text[], ?::text[])"
                + " AS k(tenant_id, room_id, metric) USING (tenant_id, room_id, metric)"
                + " WHERE resolved_at IS NULL")) {
      for (int i = 0; i < 3; i++) {
        select.setArray(i + 1, Sql.texts(connection, keys[i]));
      }
      for (Alert alert : alerts(select)) {
        active.put(alert.series(), alert);
      }
    }
    return active;
  }

  /** The active alerts of a room, oldest first; its own read transaction. */
  public List<Alert> activeInRoom(String tenantId, String roomId) {
    return transactions.executeRead(
        status -> activeInRoom(status.getConnection(), tenantId, roomId));
  }

  public List<Alert> activeInRoom(Connection connection, String tenantId, String roomId)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM alert WHERE tenant_id = ? AND room_id = ? AND resolved_at IS NULL"
                + " ORDER BY raised_at, id")) {
      select.setString(1, tenantId);
      select.setString(2, roomId);
      return alerts(select);
    }
  }

  public void insert(Connection connection, Alert alert) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO alert (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, alert.series().tenantId());
      insert.setString(2, alert.id());
      insert.setString(3, alert.series().roomId());
      insert.setString(4, alert.series().metric().wireName());
      insert.setString(5, alert.sensorId());
      insert.setDouble(6, alert.value());
      insert.setString(7, alert.unit());
      Sql.setDouble(insert, 8, alert.limits().min());
      Sql.setDouble(insert, 9, alert.limits().max());
      insert.setString(10, alert.crossed().wireName());
      Sql.setInstant(insert, 11, alert.raisedAt());
      insert.executeUpdate();
    }
  }

  public void resolve(Connection connection, Alert alert, double value, Instant resolvedAt)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE alert SET resolved_at = ?, resolved_value = ? WHERE tenant_id = ? AND id = ?")) {
      Sql.setInstant(update, 1, resolvedAt);
      update.setDouble(2, value);
      update.setString(3, alert.series().tenantId());
      update.setString(4, alert.id());
      update.executeUpdate();
    }
  }

  private static List<Alert> alerts(PreparedStatement select) throws SQLException {
    List<Alert> alerts = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        Metric metric = Metric.fromWire(rs.getString("metric")).orElse(null);
        if (metric == null) {
          continue;
        }
        alerts.add(
            new Alert(
                rs.getString("id"),
                new Series(rs.getString("tenant_id"), rs.getString("room_id"), metric),
                rs.getString("sensor_id"),
                rs.getDouble("value"),
                rs.getString("unit"),
                new Limits(
                    Sql.nullableDouble(rs, "threshold_min"),
                    Sql.nullableDouble(rs, "threshold_max")),
                Limits.Crossed.fromWire(rs.getString("crossed")),
                Sql.instant(rs, "raised_at")));
      }
    }
    return alerts;
  }
}
