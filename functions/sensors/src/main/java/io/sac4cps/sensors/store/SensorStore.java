package io.sac4cps.sensors.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.sensors.domain.Sensor;
import io.sac4cps.sensors.domain.SensorType;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sensors, always read and written within one tenant; the caller's transaction. */
@Singleton
public class SensorStore {
  private static final String COLUMNS = "tenant_id, id, room_id, type, unit, created_at, name";

  private final JdbcStatements sql;

  public SensorStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** Inserts the sensor; false when the tenant already has a sensor with that id. */
  public boolean insert(Sensor sensor) {
    return sql.update(
            "INSERT INTO sensor ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            s -> {
              s.setString(1, sensor.tenantId());
              s.setString(2, sensor.id());
              s.setString(3, sensor.roomId());
              s.setString(4, sensor.type().wireName());
              s.setString(5, sensor.unit());
              s.setTimestamp(6, timestamp(sensor.createdAt()));
              s.setString(7, sensor.name());
            })
        == 1;
  }

  public Optional<Sensor> find(String tenantId, String id) {
    return sql.queryOne(
        "SELECT " + COLUMNS + " FROM sensor WHERE tenant_id = ? AND id = ?",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, id);
        },
        SensorStore::sensor);
  }

  /** The tenant's sensors among {@code ids}, by id. */
  public Map<String, Sensor> findAll(String tenantId, Collection<String> ids) {
    Map<String, Sensor> found = new HashMap<>();
    sql.query(
            "SELECT " + COLUMNS + " FROM sensor WHERE tenant_id = ? AND id = ANY (?)",
            s -> {
              s.setString(1, tenantId);
              s.setArray(2, sql.textArray(ids));
            },
            SensorStore::sensor)
        .forEach(sensor -> found.put(sensor.id(), sensor));
    return found;
  }

  /** A page of the tenant's sensors ordered by id, after {@code afterId}, optionally filtered. */
  public List<Sensor> list(String tenantId, String roomId, String type, String afterId, int limit) {
    StringBuilder select =
        new StringBuilder("SELECT " + COLUMNS + " FROM sensor WHERE tenant_id = ?");
    List<String> params = new ArrayList<>(List.of(tenantId));
    if (roomId != null) {
      select.append(" AND room_id = ?");
      params.add(roomId);
    }
    if (type != null) {
      select.append(" AND type = ?");
      params.add(type);
    }
    if (afterId != null) {
      select.append(" AND id > ?");
      params.add(afterId);
    }
    select.append(" ORDER BY id LIMIT ?");
    return sql.query(
        select.toString(),
        s -> {
          for (int i = 0; i < params.size(); i++) {
            s.setString(i + 1, params.get(i));
          }
          s.setInt(params.size() + 1, limit);
        },
        SensorStore::sensor);
  }

  private static Sensor sensor(ResultSet rs) throws SQLException {
    return new Sensor(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        SensorType.fromWire(rs.getString(4)).orElseThrow(),
        rs.getString(5),
        instant(rs, "created_at"),
        rs.getString(7));
  }
}
