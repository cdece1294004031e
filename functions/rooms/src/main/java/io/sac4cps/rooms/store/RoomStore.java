package io.sac4cps.rooms.store;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.rooms.domain.Limits;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.domain.Room;
import io.sac4cps.rooms.domain.Series;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rooms and their thresholds, always read and written within one tenant. */
@Singleton
public class RoomStore {
  private static final String COLUMNS =
      "tenant_id, id, name, building, floor, area_m2, capacity, created_at";

  private final TransactionOperations<Connection> transactions;

  public RoomStore(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  public void insert(Room room) {
    transactions.executeWrite(
        status -> {
          try (PreparedStatement insert =
              status
                  .getConnection()
                  .prepareStatement(
                      "INSERT INTO room (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, room.tenantId());
            insert.setString(2, room.id());
            insert.setString(3, room.name());
            insert.setString(4, room.building());
            insert.setInt(5, room.floor());
            Sql.setDouble(insert, 6, room.areaM2());
            if (room.capacity() == null) {
              insert.setNull(7, Types.INTEGER);
            } else {
              insert.setInt(7, room.capacity());
            }
            Sql.setInstant(insert, 8, room.createdAt());
            insert.executeUpdate();
            return null;
          }
        });
  }

  public Optional<Room> find(String tenantId, String id) {
    return transactions.executeRead(status -> find(status.getConnection(), tenantId, id));
  }

  /** The room in the caller's transaction. */
  public Optional<Room> find(Connection connection, String tenantId, String id)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM room WHERE tenant_id = ? AND id = ?")) {
      select.setString(1, tenantId);
      select.setString(2, id);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Map<Series, Limits> limits = thresholds(connection, tenantId, List.of(id));
        return Optional.of(room(rs, limits));
      }
    }
  }

  /** A page of the tenant's rooms ordered by id, after {@code afterId}, optionally filtered. */
  public List<Room> list(
      String tenantId, String building, Integer floor, String afterId, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM room WHERE tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(tenantId));
    if (building != null) {
      sql.append(" AND building = ?");
      params.add(building);
    }
    if (floor != null) {
      sql.append(" AND floor = ?");
      params.add(floor);
    }
    if (afterId != null) {
      sql.append(" AND id > ?");
      params.add(afterId);
    }
    sql.append(" ORDER BY id LIMIT ?");
    params.add(limit);
    return transactions.executeRead(
        status -> {
          Connection connection = status.getConnection();
          List<Room> rooms = new ArrayList<>();
          List<String> ids = new ArrayList<>();
          try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
              select.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                rooms.add(room(rs, Map.of()));
                ids.add(rs.getString("id"));
              }
            }
          }
          Map<Series, Limits> limits = thresholds(connection, tenantId, ids);
          return rooms.stream().map(r -> withThresholds(r, limits)).toList();
        });
  }

  /** The thresholds of the tenant's {@code roomIds}, by room metric. */
  public Map<Series, Limits> thresholds(
      Connection connection, String tenantId, Collection<String> roomIds) throws SQLException {
    Map<Series, Limits> limits = new HashMap<>();
    if (roomIds.isEmpty()) {
      return limits;
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT room_id, metric, min, max FROM room_threshold"
                + " WHERE tenant_id = ? AND room_id = ANY (?)")) {
      select.setString(1, tenantId);
      select.setArray(2, Sql.texts(connection, roomIds.toArray()));
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Metric.fromWire(rs.getString("metric"))
              .ifPresent(
                  metric -> {
                    try {
                      limits.put(
                          new Series(tenantId, rs.getString("room_id"), metric),
                          new Limits(Sql.nullableDouble(rs, "min"), Sql.nullableDouble(rs, "max")));
                    } catch (SQLException e) {
                      throw new IllegalStateException(e);
                    }
                  });
        }
      }
    }
    return limits;
  }

  /** Replaces a room's thresholds; the caller's transaction. */
  public void replaceThresholds(
      Connection connection,
      String tenantId,
      String roomId,
      Map<Metric, Limits> thresholds,
      Instant now)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM room_threshold WHERE tenant_id = ? AND room_id = ?")) {
      delete.setString(1, tenantId);
      delete.setString(2, roomId);
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO room_threshold (tenant_id, room_id, metric, min, max, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      for (var entry : thresholds.entrySet()) {
        insert.setString(1, tenantId);
        insert.setString(2, roomId);
        insert.setString(3, entry.getKey().wireName());
        Sql.setDouble(insert, 4, entry.getValue().min());
        Sql.setDouble(insert, 5, entry.getValue().max());
        Sql.setInstant(insert, 6, now);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static Room withThresholds(Room room, Map<Series, Limits> limits) {
    Map<Metric, Limits> mine = new EnumMap<>(Metric.class);
    limits.forEach(
        (series, l) -> {
          if (series.roomId().equals(room.id())) {
            mine.put(series.metric(), l);
          }
        });
    return new Room(
        room.tenantId(),
        room.id(),
        room.name(),
        room.building(),
        room.floor(),
        room.areaM2(),
        room.capacity(),
        room.createdAt(),
        mine);
  }

  private static Room room(ResultSet rs, Map<Series, Limits> limits) throws SQLException {
    int capacityValue = rs.getInt("capacity");
    Integer capacity = rs.wasNull() ? null : capacityValue;
    Room room =
        new Room(
            rs.getString("tenant_id"),
            rs.getString("id"),
            rs.getString("name"),
            rs.getString("building"),
            rs.getInt("floor"),
            Sql.nullableDouble(rs, "area_m2"),
            capacity,
            Sql.instant(rs, "created_at"),
            Map.of());
    return withThresholds(room, limits);
  }
}
