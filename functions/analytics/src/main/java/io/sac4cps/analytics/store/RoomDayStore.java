package io.sac4cps.analytics.store;

import io.sac4cps.analytics.domain.DaySplit;
import io.sac4cps.analytics.domain.RoomHour;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code room_day}: per room and UTC day, the sums of {@code room_hour_figures} (V3). A batch only
 * bumps the version of the days it adds to (cheap, so the projection keeps its pace); a day is
 * rolled up (recomputed from its hours) once it has settled, and until then the summary reads its
 * hours, so a late reading or a changed threshold is in the figures at once (decision 0064).
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

  /** Days a batch added to, in key order (rows locked in one global order). */
  private static final String TOUCH =
      """
      INSERT INTO room_day AS d (tenant_id, room_id, day)
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[]::timestamptz[])
      ON CONFLICT (tenant_id, room_id, day) DO UPDATE SET version = d.version + 1
      """;

  private static final String TOUCH_ROOM =
      "UPDATE room_day SET version = version + 1 WHERE tenant_id = ? AND room_id = ?";

  /**
   * Settled days not rolled up, locked: a batch adding to one of them waits until this
   * transaction's roll-up commits, then bumps the version again. SKIP LOCKED leaves days being
   * added to (and never waits, so it cannot deadlock with the batch holding them).
   */
  private static final String NOT_ROLLED_UP =
      """
      SELECT tenant_id, room_id, day FROM room_day
      WHERE version <> rolled_version AND day < ?
      ORDER BY tenant_id, room_id, day LIMIT ? FOR UPDATE SKIP LOCKED
      """;

  /**
   * A statement of its own after the lock: READ COMMITTED takes its snapshot per statement, so it
   * sees every hour committed before the lock was taken, and nobody can add to the day until this
   * transaction ends.
   */
  private static final String ROLL_UP =
      """
      INSERT INTO room_day AS d (tenant_id, room_id, day, %1$s)
      SELECT f.tenant_id, f.room_id, k.day, %2$s
      FROM unnest(?::text[], ?::text[]::timestamptz[]) AS k(room_id, day)
      JOIN room_hour_figures f ON f.tenant_id = ? AND f.room_id = k.room_id
        AND f.bucket >= k.day AND f.bucket < k.day + interval '24 hours'
      GROUP BY f.tenant_id, f.room_id, k.day
      ON CONFLICT (tenant_id, room_id, day) DO UPDATE SET %3$s, rolled_version = d.version
      """
          .formatted(
              String.join(", ", FIGURES),
              sums("f."),
              FIGURES.stream().map(c -> c + " = excluded." + c).collect(Collectors.joining(", ")));

  private final JdbcStatements sql;

  public RoomDayStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** Marks the days of the room-hours a batch adds to as changed. */
  public void touch(Collection<RoomHour> hours) {
    TreeSet<DayOfRoom> days = new TreeSet<>();
    for (RoomHour hour : hours) {
      days.add(
          new DayOfRoom(
              hour.key().tenantId(), hour.key().roomId(), DaySplit.dayStart(hour.key().bucket())));
    }
    if (days.isEmpty()) {
      return;
    }
    sql.update(
        TOUCH,
        touch -> {
          touch.setArray(1, sql.array("text", days.stream().map(DayOfRoom::tenantId).toArray()));
          touch.setArray(2, sql.array("text", days.stream().map(DayOfRoom::roomId).toArray()));
          touch.setArray(
              3, sql.array("text", days.stream().map(d -> d.day().toString()).toArray()));
        });
  }

  /** Marks every day of a room as changed, e.g. after its thresholds changed. */
  public void touchRoom(String tenantId, String roomId) {
    sql.update(
        TOUCH_ROOM,
        touch -> {
          touch.setString(1, tenantId);
          touch.setString(2, roomId);
        });
  }

  /**
   * Rolls up at most {@code limit} changed days before {@code settledBefore}, of any tenant.
   *
   * @return how many
   */
  public int rollUp(Instant settledBefore, int limit) {
    List<DayOfRoom> days =
        sql.query(
            NOT_ROLLED_UP,
            select -> {
              select.setTimestamp(1, JdbcStatements.timestamp(settledBefore));
              select.setInt(2, limit);
            },
            row ->
                new DayOfRoom(
                    row.getString("tenant_id"),
                    row.getString("room_id"),
                    JdbcStatements.instant(row, "day")));
    // One tenant per statement, so the tenant is a constant the planner pushes into the view's
    // threshold lookup.
    days.stream()
        .collect(Collectors.groupingBy(DayOfRoom::tenantId, TreeMap::new, Collectors.toList()))
        .forEach(
            (tenantId, ofTenant) ->
                sql.update(
                    ROLL_UP,
                    upsert -> {
                      upsert.setArray(
                          1, sql.array("text", ofTenant.stream().map(DayOfRoom::roomId).toArray()));
                      upsert.setArray(
                          2,
                          sql.array(
                              "text", ofTenant.stream().map(d -> d.day().toString()).toArray()));
                      upsert.setString(3, tenantId);
                    }));
    return days.size();
  }

  /** {@code sum(prefix + column)} of every figure ({@code max} for the peak), comma-separated. */
  static String sums(String prefix) {
    return FIGURES.stream()
        .map(c -> (c.equals("occupancy_max") ? "max(" : "sum(") + prefix + c + ") AS " + c)
        .collect(Collectors.joining(", "));
  }

  private record DayOfRoom(String tenantId, String roomId, Instant day)
      implements Comparable<DayOfRoom> {
    @Override
    public int compareTo(DayOfRoom other) {
      int c = tenantId.compareTo(other.tenantId);
      if (c == 0) {
        c = roomId.compareTo(other.roomId);
      }
      return c == 0 ? day.compareTo(other.day) : c;
    }
  }
}
