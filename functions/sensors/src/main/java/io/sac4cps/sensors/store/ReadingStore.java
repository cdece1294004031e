package io.sac4cps.sensors.store;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.sensors.domain.Reading;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Readings keyed (tenant, sensor, timestamp): storing one twice is a no-op. */
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

  private static final String UNIQUE_VIOLATION = "23505";

  // The newest stored reading of each sensor: one backward index probe per sensor and partition,
  // whatever the table's size (a range probe over the batch's time span made PostgreSQL walk a
  // sensor's whole history on some plans).
  private static final String NEWEST_STORED =
      "SELECT s.id, (SELECT max(r.ts) FROM reading r WHERE r.tenant_id = ? AND r.sensor_id = s.id)"
          + " FROM unnest(?::text[]) AS s(id)";

  private final TransactionOperations<Connection> transactions;

  public ReadingStore(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
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
   * Inserts the readings not stored yet and returns them; runs in the caller's transaction. The
   * readings' keys must be distinct. Readings newer than everything stored for their sensor (what
   * devices send) take the plain insert; a batch reaching back into a sensor's history (a retry, a
   * backfill) skips what is stored with ON CONFLICT.
   */
  public List<Reading> insertNew(Connection connection, String tenantId, List<Reading> readings)
      throws SQLException {
    if (allNewerThanStored(connection, tenantId, readings)
        && insertAll(connection, tenantId, readings)) {
      return readings;
    }
    return insertSkippingStored(connection, tenantId, readings);
  }

  private static boolean allNewerThanStored(
      Connection connection, String tenantId, List<Reading> readings) throws SQLException {
    Map<String, Instant> earliest = new HashMap<>();
    for (Reading reading : readings) {
      earliest.merge(reading.sensorId(), reading.timestamp(), (a, b) -> a.isBefore(b) ? a : b);
    }
    try (PreparedStatement newest = connection.prepareStatement(NEWEST_STORED)) {
      newest.setString(1, tenantId);
      newest.setArray(
          2, connection.createArrayOf("text", earliest.keySet().toArray(String[]::new)));
      try (ResultSet rs = newest.executeQuery()) {
        while (rs.next()) {
          OffsetDateTime stored = rs.getObject(2, OffsetDateTime.class);
          if (stored != null && !earliest.get(rs.getString(1)).isAfter(stored.toInstant())) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** True when all were inserted; false (and nothing inserted) when one was stored already. */
  private static boolean insertAll(Connection connection, String tenantId, List<Reading> readings)
      throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try (PreparedStatement insert = prepare(connection, INSERT, tenantId, readings)) {
      insert.executeUpdate();
      connection.releaseSavepoint(savepoint);
      return true;
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      connection.rollback(savepoint);
      return false;
    }
  }

  private static List<Reading> insertSkippingStored(
      Connection connection, String tenantId, List<Reading> readings) throws SQLException {
    Set<Key> inserted = new HashSet<>();
    try (PreparedStatement insert =
            prepare(connection, INSERT_SKIPPING_STORED, tenantId, readings);
        ResultSet rs = insert.executeQuery()) {
      while (rs.next()) {
        inserted.add(new Key(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()));
      }
    }
    return readings.stream().filter(r -> inserted.contains(Key.of(r))).toList();
  }

  private static PreparedStatement prepare(
      Connection connection, String sql, String tenantId, List<Reading> readings)
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
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setString(1, tenantId);
    statement.setArray(2, connection.createArrayOf("text", sensors));
    statement.setArray(3, connection.createArrayOf("text", timestamps));
    statement.setArray(4, connection.createArrayOf("float8", values));
    return statement;
  }

  /** Readings of one sensor in [from, to), oldest first, after {@code after} when given. */
  public List<Reading> page(
      String tenantId, String sensorId, Instant from, Instant to, Instant after, int limit) {
    return transactions.executeRead(
        status -> {
          try (PreparedStatement select =
              status
                  .getConnection()
                  .prepareStatement(
                      "SELECT ts, value FROM reading WHERE tenant_id = ? AND sensor_id = ? AND ts >= ? AND ts < ?"
                          + " AND ts > ? ORDER BY ts LIMIT ?")) {
            select.setString(1, tenantId);
            select.setString(2, sensorId);
            select.setObject(3, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            select.setObject(4, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            select.setObject(
                5,
                OffsetDateTime.ofInstant(
                    after == null ? from.minusNanos(1000) : after, ZoneOffset.UTC));
            select.setInt(6, limit);
            List<Reading> readings = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                readings.add(
                    new Reading(
                        sensorId,
                        rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getDouble(2)));
              }
            }
            return readings;
          }
        });
  }
}
