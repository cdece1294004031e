package io.sac4cps.rooms.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.nullableDouble;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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

  /** An alert's resolution: the reading that resolved it. */
  public record Resolution(Alert alert, double value, Instant at) {}

  /**
   * Records a batch's alert changes in at most two statements: first the resolutions of alerts
   * raised before the batch, then the alerts the batch raised, each inserted already resolved when
   * the batch resolved it too. So at most one alert per metric is active at every step, as the
   * {@code alert_active} index requires, whatever a batch raises and resolves in turn.
   */
  public void record(List<Alert> raised, List<Resolution> resolutions) {
    Map<String, Resolution> resolvedNow = new HashMap<>();
    List<Resolution> earlier = new ArrayList<>();
    Set<String> raisedIds = new HashSet<>();
    raised.forEach(a -> raisedIds.add(a.id()));
    for (Resolution r : resolutions) {
      if (raisedIds.contains(r.alert().id())) {
        resolvedNow.put(r.alert().id(), r);
      } else {
        earlier.add(r);
      }
    }
    if (!earlier.isEmpty()) {
      int n = earlier.size();
      Object[] tenants = new Object[n];
      Object[] ids = new Object[n];
      Object[] at = new Object[n];
      Double[] values = new Double[n];
      for (int i = 0; i < n; i++) {
        Resolution r = earlier.get(i);
        tenants[i] = r.alert().series().tenantId();
        ids[i] = r.alert().id();
        at[i] = r.at().toString();
        values[i] = r.value();
      }
      sql.update(
          "UPDATE alert a SET resolved_at = u.at, resolved_value = u.value"
              + " FROM unnest(?::text[], ?::text[], ?::text[]::timestamptz[], ?::float8[])"
              + " AS u(tenant_id, id, at, value)"
              + " WHERE a.tenant_id = u.tenant_id AND a.id = u.id",
          s -> {
            s.setArray(1, sql.array("text", tenants));
            s.setArray(2, sql.array("text", ids));
            s.setArray(3, sql.array("text", at));
            s.setArray(4, sql.array("float8", values));
          });
    }
    if (raised.isEmpty()) {
      return;
    }
    int n = raised.size();
    Object[][] text = new Object[9][n];
    Double[][] doubles = new Double[4][n];
    for (int i = 0; i < n; i++) {
      Alert a = raised.get(i);
      Resolution r = resolvedNow.get(a.id());
      text[0][i] = a.series().tenantId();
      text[1][i] = a.id();
      text[2][i] = a.series().roomId();
      text[3][i] = a.series().metric().wireName();
      text[4][i] = a.sensorId();
      text[5][i] = a.unit();
      text[6][i] = a.crossed().wireName();
      text[7][i] = a.raisedAt().toString();
      text[8][i] = r == null ? null : r.at().toString();
      doubles[0][i] = a.value();
      doubles[1][i] = a.limits().min();
      doubles[2][i] = a.limits().max();
      doubles[3][i] = r == null ? null : r.value();
    }
    sql.update(
        "INSERT INTO alert (tenant_id, id, room_id, metric, sensor_id, unit, crossed, raised_at,"
            + " resolved_at, value, threshold_min, threshold_max, resolved_value)"
            + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[]::timestamptz[], ?::text[]::timestamptz[],"
            + " ?::float8[], ?::float8[], ?::float8[], ?::float8[])",
        s -> {
          for (int k = 0; k < 9; k++) {
            s.setArray(k + 1, sql.array("text", text[k]));
          }
          for (int k = 0; k < 4; k++) {
            s.setArray(10 + k, sql.array("float8", doubles[k]));
          }
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
