package io.sac4cps.analytics.store;

import io.sac4cps.analytics.domain.DaySplit;
import io.sac4cps.analytics.domain.RoomHour;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code room_day}: per room and UTC day, the sums of {@code room_hour_figures} (V3), recomputed
 * from the room's hours whenever a batch touches them, so a late reading or a changed threshold
 * gives the same day as if it had always been there (decision 0064).
 */
@Singleton
public class RoomDayStore {
  /** The figures of a room-day or room-hour, in {@code room_day}'s column order. */
  static final List<String> FIGURES =
      List.of(
          "occupancy_count",
          "occupancy_sum",
          "occupancy_max",
          "energy",
          "os_judged",
          "os_occupied",
          "os_comfortable",
          "os_t_hours",
          "os_t_inside",
          "os_h_hours",
          "os_h_inside",
          "os_c_hours",
          "os_c_inside",
          "cr_judged",
          "cr_occupied",
          "cr_comfortable",
          "cr_t_hours",
          "cr_t_inside",
          "cr_h_hours",
          "cr_h_inside",
          "cr_c_hours",
          "cr_c_inside",
          "co2_exceeded");

  /**
   * Takes the rows' locks first (creating those that are missing), in key order: the recompute that
   * follows then starts after any concurrent batch touching the same days has committed, and sees
   * its hours (READ COMMITTED takes a snapshot per statement). Without it two batches adding to
   * different hours of one day could each write a day missing the other's hour.
   */
  private static final String LOCK =
      """
      INSERT INTO room_day AS d (tenant_id, room_id, day)
      SELECT ?, room_id, day FROM unnest(?::text[], ?::text[]::timestamptz[]) AS k(room_id, day)
      ON CONFLICT (tenant_id, room_id, day) DO UPDATE SET day = d.day
      """;

  private static final String RECOMPUTE =
      """
      INSERT INTO room_day AS d (tenant_id, room_id, day, %1$s)
      SELECT f.tenant_id, f.room_id, k.day, %2$s
      FROM unnest(?::text[], ?::text[]::timestamptz[]) AS k(room_id, day)
      JOIN room_hour_figures f ON f.tenant_id = ? AND f.room_id = k.room_id
        AND f.bucket >= k.day AND f.bucket < k.day + interval '24 hours'
      GROUP BY f.tenant_id, f.room_id, k.day
      ON CONFLICT (tenant_id, room_id, day) DO UPDATE SET %3$s
      """
          .formatted(
              String.join(", ", FIGURES),
              sums("f."),
              FIGURES.stream().map(c -> c + " = excluded." + c).collect(Collectors.joining(", ")));

  private static final String ROOM_DAYS =
      "SELECT DISTINCT date_trunc('day', bucket, 'UTC') AS day FROM room_hour"
          + " WHERE tenant_id = ? AND room_id = ? ORDER BY day";

  private final JdbcStatements sql;

  public RoomDayStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** Recomputes the days of the room-hours a batch just added to. */
  public void refresh(Collection<RoomHour> touched) {
    Map<String, TreeSet<DayOfRoom>> byTenant = new TreeMap<>();
    for (RoomHour hour : touched) {
      byTenant
          .computeIfAbsent(hour.key().tenantId(), t -> new TreeSet<>())
          .add(new DayOfRoom(hour.key().roomId(), DaySplit.dayStart(hour.key().bucket())));
    }
    byTenant.forEach(this::recompute);
  }

  /** Recomputes every day of a room, e.g. after its thresholds changed. */
  public void refreshRoom(String tenantId, String roomId) {
    List<Instant> days =
        sql.query(
            ROOM_DAYS,
            select -> {
              select.setString(1, tenantId);
              select.setString(2, roomId);
            },
            row -> JdbcStatements.instant(row, "day"));
    TreeSet<DayOfRoom> keys = new TreeSet<>();
    days.forEach(day -> keys.add(new DayOfRoom(roomId, day)));
    recompute(tenantId, keys);
  }

  /**
   * One tenant per statement, so the tenant is a constant the planner pushes into the view's
   * threshold lookup.
   */
  private void recompute(String tenantId, TreeSet<DayOfRoom> keys) {
    if (keys.isEmpty()) {
      return;
    }
    String[] rooms = keys.stream().map(DayOfRoom::roomId).toArray(String[]::new);
    String[] days = keys.stream().map(k -> k.day().toString()).toArray(String[]::new);
    sql.update(
        LOCK,
        lock -> {
          lock.setString(1, tenantId);
          lock.setArray(2, sql.array("text", rooms));
          lock.setArray(3, sql.array("text", days));
        });
    sql.update(
        RECOMPUTE,
        upsert -> {
          upsert.setArray(1, sql.array("text", rooms));
          upsert.setArray(2, sql.array("text", days));
          upsert.setString(3, tenantId);
        });
  }

  /** {@code sum(prefix + column)} of every figure ({@code max} for the peak), comma-separated. */
  static String sums(String prefix) {
    return FIGURES.stream()
        .map(c -> (c.equals("occupancy_max") ? "max(" : "sum(") + prefix + c + ") AS " + c)
        .collect(Collectors.joining(", "));
  }

  private record DayOfRoom(String roomId, Instant day) implements Comparable<DayOfRoom> {
    @Override
    public int compareTo(DayOfRoom other) {
      int c = roomId.compareTo(other.roomId);
      return c == 0 ? day.compareTo(other.day) : c;
    }
  }
}
