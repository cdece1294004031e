package io.sac4cps.sensors.store;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.sensors.domain.Sensor;
import io.sac4cps.sensors.domain.SensorType;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sensors, always read and written within one tenant. */
@Singleton
public class SensorStore {
  private static final String COLUMNS = "tenant_id, id, room_id, type, unit, created_at";

  private final TransactionOperations<Connection> transactions;

  public SensorStore(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  /** Inserts the sensor; false when the tenant already has a sensor with that id. */
  public boolean insert(Sensor sensor) {
    return transactions.executeWrite(
        status -> {
          try (PreparedStatement insert =
              status
                  .getConnection()
                  .prepareStatement(
                      "INSERT INTO sensor ("
                          + COLUMNS
                          + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, sensor.tenantId());
            insert.setString(2, sensor.id());
            insert.setString(3, sensor.roomId());
            insert.setString(4, sensor.type().wireName());
            insert.setString(5, sensor.unit());
            insert.setObject(6, OffsetDateTime.ofInstant(sensor.createdAt(), ZoneOffset.UTC));
            return insert.executeUpdate() == 1;
          }
        });
  }

  public Optional<Sensor> find(String tenantId, String id) {
    return transactions.executeRead(
        status -> {
          try (PreparedStatement select =
              status
                  .getConnection()
                  .prepareStatement(
                      "SELECT " + COLUMNS + " FROM sensor WHERE tenant_id = ? AND id = ?")) {
            select.setString(1, tenantId);
            select.setString(2, id);
            try (ResultSet rs = select.executeQuery()) {
              return rs.next() ? Optional.of(sensor(rs)) : Optional.empty();
            }
          }
        });
  }

  /** The tenant's sensors among {@code ids}; must run inside the caller's transaction. */
  public Map<String, Sensor> findAll(Connection connection, String tenantId, Collection<String> ids)
      throws SQLException {
    Map<String, Sensor> found = new HashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM sensor WHERE tenant_id = ? AND id = ANY (?)")) {
      select.setString(1, tenantId);
      select.setArray(2, connection.createArrayOf("text", ids.toArray(String[]::new)));
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Sensor sensor = sensor(rs);
          found.put(sensor.id(), sensor);
        }
      }
    }
    return found;
  }

  /** A page of the tenant's sensors ordered by id, after {@code afterId}, optionally filtered. */
  public List<Sensor> list(String tenantId, String roomId, String type, String afterId, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM sensor WHERE tenant_id = ?");
    List<String> params = new ArrayList<>(List.of(tenantId));
    if (roomId != null) {
      sql.append(" AND room_id = ?");
      params.add(roomId);
    }
    if (type != null) {
      sql.append(" AND type = ?");
      params.add(type);
    }
    if (afterId != null) {
      sql.append(" AND id > ?");
      params.add(afterId);
    }
    sql.append(" ORDER BY id LIMIT ?");
    return transactions.executeRead(
        status -> {
          try (PreparedStatement select = status.getConnection().prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
              select.setString(i + 1, params.get(i));
            }
            select.setInt(params.size() + 1, limit);
            List<Sensor> sensors = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                sensors.add(sensor(rs));
              }
            }
            return sensors;
          }
        });
  }

  private static Sensor sensor(ResultSet rs) throws SQLException {
    return new Sensor(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        SensorType.fromWire(rs.getString(4)).orElseThrow(),
        rs.getString(5),
        rs.getObject(6, OffsetDateTime.class).toInstant());
  }
}
