package io.sac4cps.sensors.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.sensors.domain.Reading;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Readings keyed (tenant, sensor, timestamp): storing one twice is a no-op. The caller's
 * transaction.
 */
@Singleton
public class ReadingStore {
  // The whole batch in one statement: arrays in, unnest, no per-row round trips.
  private static final String INSERT =
      "INSERT INTO reading (tenant_id, sensor_id, ts, value)"
          + " SELECT ?, r.sensor_id, r.ts::timestamptz, r.value"
          + " FROM unnest(?::text[], ?::text[], ?::float8[]) AS r(sensor_id, ts, value)";

  // ON CONFLICT costs PostgreSQL a speculative insertion per row (about twice the plain insert), so
  // it is only for batches that may hold readings stored before.
  private static final String INSERT_SKIPPING_STORED =
      INSERT + " ON CONFLICT DO NOTHING RETURNING sensor_id, ts";

  // The newest stored reading of each sensor: one backward index probe per sensor and partition,
  // whatever the table's size (a range probe over the batch's time span made PostgreSQL walk a
  // sensor's whole history on some plans).
  private static final String NEWEST_STORED =
      "SELECT s.id, (SELECT max(r.ts) FROM reading r WHERE r.tenant_id = ? AND r.sensor_id = s.id)"
          + " AS newest FROM unnest(?::text[]) AS s(id)";

  private final JdbcStatements sql;

  public ReadingStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /**
   * What identifies a reading of a tenant: storing a second reading with the same key is a no-op.
   */
  public record Key(String sensorId, Instant timestamp) {
    public static Key of(Reading reading) {
      return new Key(reading.sensorId(), reading.timestamp());
    }
  }

  /**
   * Inserts the readings not stored yet and returns them. The readings' keys must be distinct.
   * Readings newer than everything stored for their sensor (what devices send) take the plain
   * insert, in a savepoint; a batch reaching back into a sensor's history (a retry, a backfill), or
   * one whose plain insert met a stored reading, skips what is stored with ON CONFLICT.
   */
  public List<Reading> insertNew(String tenantId, List<Reading> readings) {
    if (allNewerThanStored(tenantId, readings)
        && sql.updateUnlessDuplicate(INSERT, s -> bind(s, tenantId, readings))) {
      return readings;
    }
    return insertSkippingStored(tenantId, readings);
  }

  private boolean allNewerThanStored(String tenantId, List<Reading> readings) {
    Map<String, Instant> earliest = new HashMap<>();
    for (Reading reading : readings) {
      earliest.merge(reading.sensorId(), reading.timestamp(), (a, b) -> a.isBefore(b) ? a : b);
    }
    return sql
        .query(
            NEWEST_STORED,
            s -> {
              s.setString(1, tenantId);
              s.setArray(2, sql.textArray(earliest.keySet()));
            },
            row -> {
              Instant stored = instant(row, "newest");
              return stored == null || earliest.get(row.getString("id")).isAfter(stored);
            })
        .stream()
        .allMatch(newer -> newer);
  }

  private List<Reading> insertSkippingStored(String tenantId, List<Reading> readings) {
    Set<Key> inserted =
        new HashSet<>(
            sql.query(
                INSERT_SKIPPING_STORED,
                s -> bind(s, tenantId, readings),
                row -> new Key(row.getString("sensor_id"), instant(row, "ts"))));
    return readings.stream().filter(r -> inserted.contains(Key.of(r))).toList();
  }

  private void bind(PreparedStatement statement, String tenantId, List<Reading> readings)
      throws SQLException {
    int n = readings.size();
    String[] sensors = new String[n];
    String[] timestamps = new String[n];
    Double[] values = new Double[n];
    for (int i = 0; i < n; i++) {
      Reading reading = readings.get(i);
      sensors[i] = reading.sensorId();
      timestamps[i] = reading.timestamp().toString();
      values[i] = reading.value();
    }
    statement.setString(1, tenantId);
    statement.setArray(2, sql.array("text", sensors));
    statement.setArray(3, sql.array("text", timestamps));
    statement.setArray(4, sql.array("float8", values));
  }

  /**
   * Readings of one sensor in [from, to), oldest first after {@code after}, or newest first before
   * it when {@code newestFirst}.
   */
  public List<Reading> page(
      String tenantId,
      String sensorId,
      Instant from,
      Instant to,
      Instant after,
      boolean newestFirst,
      int limit) {
    String order =
        newestFirst ? " AND ts < ? ORDER BY ts DESC LIMIT ?" : " AND ts > ? ORDER BY ts LIMIT ?";
    Instant bound = after != null ? after : newestFirst ? to : from.minusNanos(1000);
    return sql.query(
        "SELECT ts, value FROM reading WHERE tenant_id = ? AND sensor_id = ? AND ts >= ? AND ts < ?"
            + order,
        s -> {
          s.setString(1, tenantId);
          s.setString(2, sensorId);
          s.setTimestamp(3, timestamp(from));
          s.setTimestamp(4, timestamp(to));
          s.setTimestamp(5, timestamp(bound));
          s.setInt(6, limit);
        },
        row -> new Reading(sensorId, instant(row, "ts"), row.getDouble("value")));
  }
}
