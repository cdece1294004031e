package io.sac4cps.analytics.store;

import io.sac4cps.analytics.domain.Metric;
import io.sac4cps.analytics.domain.RoomFacts;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Analytics' copy of the rooms: the newest room.changed.v1 of each. */
@Singleton
public class RoomStore {
  private final JdbcStatements sql;

  public RoomStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /**
   * Stores {@code room} unless a newer (or the same) change is already stored; true when it did.
   * Events may arrive out of order on SQS: the newest {@code changedAt} wins.
   */
  public boolean upsertIfNewer(RoomFacts room) {
    boolean stored =
        sql.queryOne(
                """
                INSERT INTO room AS r (tenant_id, id, name, building, floor, area_m2, capacity,
                                       changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, id) DO UPDATE
                  SET name = excluded.name, building = excluded.building, floor = excluded.floor,
                      area_m2 = excluded.area_m2, capacity = excluded.capacity,
                      changed_at = excluded.changed_at
                  WHERE r.changed_at < excluded.changed_at
                RETURNING id
                """,
                insert -> {
                  insert.setString(1, room.tenantId());
                  insert.setString(2, room.id());
                  insert.setString(3, room.name());
                  insert.setString(4, room.building());
                  insert.setInt(5, room.floor());
                  JdbcStatements.setDouble(insert, 6, room.areaM2());
                  JdbcStatements.setInt(insert, 7, room.capacity());
                  insert.setTimestamp(8, JdbcStatements.timestamp(room.changedAt()));
                },
                row -> row.getString(1))
            .isPresent();
    if (!stored) {
      return false;
    }
    sql.update(
        "DELETE FROM room_threshold WHERE tenant_id = ? AND room_id = ?",
        delete -> {
          delete.setString(1, room.tenantId());
          delete.setString(2, room.id());
        });
    sql.batch(
        "INSERT INTO room_threshold (tenant_id, room_id, metric, min, max) VALUES (?, ?, ?, ?, ?)",
        room.thresholds().entrySet(),
        (insert, entry) -> {
          insert.setString(1, room.tenantId());
          insert.setString(2, room.id());
          insert.setString(3, entry.getKey().wireName());
          JdbcStatements.setDouble(insert, 4, entry.getValue().min());
          JdbcStatements.setDouble(insert, 5, entry.getValue().max());
        });
    return true;
  }

  /** The tenant's rooms, or those of one building, by id; thresholds included. */
  public Map<String, RoomFacts> rooms(String tenantId, String building) {
    Map<String, RoomFacts> rooms = new LinkedHashMap<>();
    Map<String, Map<Metric, RoomFacts.Limits>> limits = new HashMap<>();
    sql.query(
        "SELECT room_id, metric, min, max FROM room_threshold t WHERE tenant_id = ?"
            + " AND (?::text IS NULL OR EXISTS (SELECT 1 FROM room r WHERE r.tenant_id ="
            + " t.tenant_id AND r.id = t.room_id AND r.building = ?))",
        select -> {
          select.setString(1, tenantId);
          select.setString(2, building);
          select.setString(3, building);
        },
        row -> {
          Metric metric = Metric.fromWire(row.getString("metric")).orElse(null);
          RoomFacts.Limits bounds =
              new RoomFacts.Limits(
                  JdbcStatements.nullableDouble(row, "min"),
                  JdbcStatements.nullableDouble(row, "max"));
          if (metric != null) {
            limits
                .computeIfAbsent(row.getString("room_id"), k -> new HashMap<>())
                .put(metric, bounds);
          }
          return null;
        });
    sql.query(
            "SELECT id, name, building, floor, area_m2, capacity, changed_at FROM room"
                + " WHERE tenant_id = ? AND (?::text IS NULL OR building = ?) ORDER BY id",
            select -> {
              select.setString(1, tenantId);
              select.setString(2, building);
              select.setString(3, building);
            },
            row ->
                new RoomFacts(
                    tenantId,
                    row.getString("id"),
                    row.getString("name"),
                    row.getString("building"),
                    row.getInt("floor"),
                    JdbcStatements.nullableDouble(row, "area_m2"),
                    JdbcStatements.nullableInt(row, "capacity"),
                    Map.copyOf(limits.getOrDefault(row.getString("id"), Map.of())),
                    JdbcStatements.instant(row, "changed_at")))
        .forEach(room -> rooms.put(room.id(), room));
    return rooms;
  }

  /** Whether a room.changed.v1 or a reading told analytics of the room. */
  public boolean isKnown(String tenantId, String roomId) {
    return sql.queryOne(
            "SELECT EXISTS (SELECT 1 FROM room WHERE tenant_id = ? AND id = ?)"
                + " OR EXISTS (SELECT 1 FROM sensor WHERE tenant_id = ? AND room_id = ?)",
            select -> {
              select.setString(1, tenantId);
              select.setString(2, roomId);
              select.setString(3, tenantId);
              select.setString(4, roomId);
            },
            row -> row.getBoolean(1))
        .orElse(false);
  }

  /** Room ids that have readings but that no room.changed.v1 described yet. */
  public List<String> undescribedRoomsWithSensors(String tenantId, Collection<String> known) {
    return new ArrayList<>(
        sql.query(
            "SELECT DISTINCT room_id FROM sensor WHERE tenant_id = ? AND NOT room_id = ANY(?)"
                + " ORDER BY room_id",
            select -> {
              select.setString(1, tenantId);
              select.setArray(2, sql.textArray(known));
            },
            row -> row.getString(1)));
  }
}
