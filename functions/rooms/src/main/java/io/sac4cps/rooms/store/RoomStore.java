package io.sac4cps.rooms.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.nullableDouble;
import static io.sac4cps.platform.jdbc.JdbcStatements.nullableInt;
import static io.sac4cps.platform.jdbc.JdbcStatements.setDouble;
import static io.sac4cps.platform.jdbc.JdbcStatements.setInt;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.rooms.domain.Limits;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.domain.Room;
import io.sac4cps.rooms.domain.Series;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rooms and their thresholds, always read and written within one tenant; the caller's transaction.
 */
@Singleton
public class RoomStore {
  private static final String COLUMNS =
      "tenant_id, id, name, building, floor, area_m2, capacity, created_at";

  private final JdbcStatements sql;

  public RoomStore(JdbcStatements sql) {
    this.sql = sql;
  }

  public void insert(Room room) {
    sql.update(
        "INSERT INTO room (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setString(1, room.tenantId());
          s.setString(2, room.id());
          s.setString(3, room.name());
          s.setString(4, room.building());
          s.setInt(5, room.floor());
          setDouble(s, 6, room.areaM2());
          setInt(s, 7, room.capacity());
          s.setTimestamp(8, timestamp(room.createdAt()));
        });
  }

  public Optional<Room> find(String tenantId, String id) {
    return sql.queryOne(
            "SELECT " + COLUMNS + " FROM room WHERE tenant_id = ? AND id = ?",
            s -> {
              s.setString(1, tenantId);
              s.setString(2, id);
            },
            RoomStore::room)
        .map(room -> withThresholds(room, thresholds(tenantId, List.of(id))));
  }

  /** A page of the tenant's rooms ordered by id, after {@code afterId}, optionally filtered. */
  public List<Room> list(
      String tenantId, String building, Integer floor, String afterId, int limit) {
    StringBuilder select =
        new StringBuilder("SELECT " + COLUMNS + " FROM room WHERE tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(tenantId));
    if (building != null) {
      select.append(" AND building = ?");
      params.add(building);
    }
    if (floor != null) {
      select.append(" AND floor = ?");
      params.add(floor);
    }
    if (afterId != null) {
      select.append(" AND id > ?");
      params.add(afterId);
    }
    select.append(" ORDER BY id LIMIT ?");
    params.add(limit);
    List<Room> rooms =
        sql.query(
            select.toString(),
            s -> {
              for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
              }
            },
            RoomStore::room);
    Map<Series, Limits> limits = thresholds(tenantId, rooms.stream().map(Room::id).toList());
    return rooms.stream().map(r -> withThresholds(r, limits)).toList();
  }

  /**
   * The thresholds of {@code series} (any tenants), in one statement: the consumer's batch spans
   * tenants, and a statement per tenant was a round trip each (decision 0070).
   */
  public Map<Series, Limits> thresholds(Collection<Series> series) {
    Map<Series, Limits> limits = new HashMap<>();
    if (series.isEmpty()) {
      return limits;
    }
    sql.query(
            "SELECT t.tenant_id, t.room_id, t.metric, t.min, t.max FROM room_threshold t"
                + " JOIN unnest(?::text[], ?::text[], ?::text[]) AS k(tenant_id, room_id, metric)"
                + " USING (tenant_id, room_id, metric)",
            s -> MetricStateStore.bindKeys(sql, s, series),
            rs ->
                Metric.fromWire(rs.getString("metric"))
                    .map(
                        metric -> {
                          try {
                            return Map.entry(
                                new Series(
                                    rs.getString("tenant_id"), rs.getString("room_id"), metric),
                                new Limits(nullableDouble(rs, "min"), nullableDouble(rs, "max")));
                          } catch (SQLException e) {
                            throw new IllegalStateException(e);
                          }
                        })
                    .orElse(null))
        .forEach(
            entry -> {
              if (entry != null) {
                limits.put(entry.getKey(), entry.getValue());
              }
            });
    return limits;
  }

  /** The thresholds of the tenant's {@code roomIds}, by room metric. */
  public Map<Series, Limits> thresholds(String tenantId, Collection<String> roomIds) {
    Map<Series, Limits> limits = new HashMap<>();
    if (roomIds.isEmpty()) {
      return limits;
    }
    record Row(String roomId, String metric, Limits limits) {}
    sql.query(
            "SELECT room_id, metric, min, max FROM room_threshold"
                + " WHERE tenant_id = ? AND room_id = ANY (?)",
            s -> {
              s.setString(1, tenantId);
              s.setArray(2, sql.textArray(roomIds));
            },
            rs ->
                new Row(
                    rs.getString("room_id"),
                    rs.getString("metric"),
                    new Limits(nullableDouble(rs, "min"), nullableDouble(rs, "max"))))
        .forEach(
            row ->
                Metric.fromWire(row.metric())
                    .ifPresent(
                        metric ->
                            limits.put(new Series(tenantId, row.roomId(), metric), row.limits())));
    return limits;
  }

  /**
   * When each of the tenant's {@code roomIds} last changed as far as rooms records it: its
   * creation, or the last time its thresholds were replaced (while it has any).
   */
  public Map<String, Instant> lastChanges(String tenantId, Collection<String> roomIds) {
    Map<String, Instant> changes = new HashMap<>();
    if (roomIds.isEmpty()) {
      return changes;
    }
    sql.query(
        "SELECT r.id, greatest(r.created_at, max(t.updated_at)) AS changed_at FROM room r"
            + " LEFT JOIN room_threshold t ON t.tenant_id = r.tenant_id AND t.room_id = r.id"
            + " WHERE r.tenant_id = ? AND r.id = ANY (?) GROUP BY r.id, r.created_at",
        s -> {
          s.setString(1, tenantId);
          s.setArray(2, sql.textArray(roomIds));
        },
        rs -> changes.put(rs.getString("id"), JdbcStatements.instant(rs, "changed_at")));
    return changes;
  }

  /** How many rooms the tenant has. */
  public long count(String tenantId) {
    return sql.queryOne(
            "SELECT count(*) FROM room WHERE tenant_id = ?",
            s -> s.setString(1, tenantId),
            rs -> rs.getLong(1))
        .orElse(0L);
  }

  /** Replaces a room's thresholds. */
  public void replaceThresholds(
      String tenantId, String roomId, Map<Metric, Limits> thresholds, Instant now) {
    sql.update(
        "DELETE FROM room_threshold WHERE tenant_id = ? AND room_id = ?",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, roomId);
        });
    sql.batch(
        "INSERT INTO room_threshold (tenant_id, room_id, metric, min, max, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        thresholds.entrySet(),
        (s, entry) -> {
          s.setString(1, tenantId);
          s.setString(2, roomId);
          s.setString(3, entry.getKey().wireName());
          setDouble(s, 4, entry.getValue().min());
          setDouble(s, 5, entry.getValue().max());
          s.setTimestamp(6, timestamp(now));
        });
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

  private static Room room(ResultSet rs) throws SQLException {
    return new Room(
        rs.getString("tenant_id"),
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("building"),
        rs.getInt("floor"),
        nullableDouble(rs, "area_m2"),
        nullableInt(rs, "capacity"),
        instant(rs, "created_at"),
        Map.of());
  }
}
