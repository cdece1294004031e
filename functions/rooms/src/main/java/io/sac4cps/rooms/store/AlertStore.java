package io.sac4cps.rooms.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.nullableDouble;
import static io.sac4cps.platform.jdbc.JdbcStatements.setDouble;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.rooms.domain.Alert;
import io.sac4cps.rooms.domain.Limits;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.domain.Series;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Alerts of room metrics; at most one active per room metric (a unique partial index). The caller's
 * transaction.
 */
@Singleton
public class AlertStore {
  private static final String COLUMNS =
      "tenant_id, id, room_id, metric, sensor_id, value, unit, threshold_min, threshold_max,"
          + " crossed, raised_at, acknowledged_by, acknowledged_at";

  private final JdbcStatements sql;

  public AlertStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** The active alerts of {@code series}. */
  public Map<Series, Alert> active(Collection<Series> series) {
    Map<Series, Alert> active = new HashMap<>();
    if (series.isEmpty()) {
      return active;
    }
    alerts(
            "SELECT "
                + COLUMNS
                + " FROM alert JOIN unnest(?::text[], ?::text[], ?::text[])"
                + " AS k(tenant_id, room_id, metric) USING (tenant_id, room_id, metric)"
                + " WHERE resolved_at IS NULL",
            s -> MetricStateStore.bindKeys(sql, s, series))
        .forEach(alert -> active.put(alert.series(), alert));
    return active;
  }

  /** The active alerts of a room, oldest first. */
  public List<Alert> activeInRoom(String tenantId, String roomId) {
    return alerts(
        "SELECT "
            + COLUMNS
            + " FROM alert WHERE tenant_id = ? AND room_id = ? AND resolved_at IS NULL"
            + " ORDER BY raised_at, id",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, roomId);
        });
  }

  public void insert(Alert alert) {
    sql.update(
        "INSERT INTO alert (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setString(1, alert.series().tenantId());
          s.setString(2, alert.id());
          s.setString(3, alert.series().roomId());
          s.setString(4, alert.series().metric().wireName());
          s.setString(5, alert.sensorId());
          s.setDouble(6, alert.value());
          s.setString(7, alert.unit());
          setDouble(s, 8, alert.limits().min());
          setDouble(s, 9, alert.limits().max());
          s.setString(10, alert.crossed().wireName());
          s.setTimestamp(11, timestamp(alert.raisedAt()));
          s.setString(12, alert.acknowledgement() == null ? null : alert.acknowledgement().by());
          s.setTimestamp(
              13, alert.acknowledgement() == null ? null : timestamp(alert.acknowledgement().at()));
        });
  }

  /** One alert of the tenant, active or resolved. */
  public Optional<Alert> find(String tenantId, String alertId) {
    return alerts(
            "SELECT " + COLUMNS + " FROM alert WHERE tenant_id = ? AND id = ?",
            s -> {
              s.setString(1, tenantId);
              s.setString(2, alertId);
            })
        .stream()
        .findFirst();
  }

  /**
   * Records the first acknowledgement of an alert; false when it has one already (or does not
   * exist). A concurrent second acknowledgement waits for the first's row lock and then finds the
   * alert acknowledged, so exactly one of them returns true.
   */
  public boolean acknowledge(
      String tenantId, String alertId, Alert.Acknowledgement acknowledgement) {
    return sql.update(
            "UPDATE alert SET acknowledged_by = ?, acknowledged_at = ?"
                + " WHERE tenant_id = ? AND id = ? AND acknowledged_by IS NULL",
            s -> {
              s.setString(1, acknowledgement.by());
              s.setTimestamp(2, timestamp(acknowledgement.at()));
              s.setString(3, tenantId);
              s.setString(4, alertId);
            })
        == 1;
  }

  public void resolve(Alert alert, double value, Instant resolvedAt) {
    sql.update(
        "UPDATE alert SET resolved_at = ?, resolved_value = ? WHERE tenant_id = ? AND id = ?",
        s -> {
          s.setTimestamp(1, timestamp(resolvedAt));
          s.setDouble(2, value);
          s.setString(3, alert.series().tenantId());
          s.setString(4, alert.id());
        });
  }

  private List<Alert> alerts(String select, JdbcStatements.Binder binder) {
    return sql.query(select, binder, AlertStore::alert).stream().filter(Objects::nonNull).toList();
  }

  /** An alert of a metric this version does not know maps to null and is skipped. */
  private static Alert alert(ResultSet rs) throws SQLException {
    Metric metric = Metric.fromWire(rs.getString("metric")).orElse(null);
    if (metric == null) {
      return null;
    }
    return new Alert(
        rs.getString("id"),
        new Series(rs.getString("tenant_id"), rs.getString("room_id"), metric),
        rs.getString("sensor_id"),
        rs.getDouble("value"),
        rs.getString("unit"),
        new Limits(nullableDouble(rs, "threshold_min"), nullableDouble(rs, "threshold_max")),
        Limits.Crossed.fromWire(rs.getString("crossed")),
        instant(rs, "raised_at"),
        rs.getString("acknowledged_by") == null
            ? null
            : new Alert.Acknowledgement(
                rs.getString("acknowledged_by"), instant(rs, "acknowledged_at")));
  }
}
