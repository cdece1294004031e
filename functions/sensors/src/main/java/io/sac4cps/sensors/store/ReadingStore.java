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
import java.util.HashSet;
import java.util.List;
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

  // Whether any of the sensors has a reading stored within the batch's time span: one index probe
  // per sensor (the lateral form keeps PostgreSQL on the index however fresh the partition's
  // statistics). When none has, the plain insert cannot conflict, but for a concurrent request
  // storing the same readings, which the savepoint catches.
  private static final String ANY_STORED_IN_SPAN =
      "SELECT EXISTS (SELECT 1 FROM unnest(?::text[]) AS s(id) WHERE EXISTS ("
          + "SELECT 1 FROM reading r WHERE r.tenant_id = ? AND r.sensor_id = s.id"
          + " AND r.ts BETWEEN ? AND ?))";

  /**
   * Inserts the readings not stored yet and returns them; runs in the caller's transaction. The
   * readings' keys must be distinct. New readings take the plain insert; a batch that may repeat
   * stored ones (a device retrying, say) skips them with ON CONFLICT.
   */
  public List<Reading> insertNew(Connection connection, String tenantId, List<Reading> readings)
      throws SQLException {
    if (!anyStoredInSpan(connection, tenantId, readings)) {
      return insertAll(connection, tenantId, readings)
          ? readings
          : insertSkippingStored(connection, tenantId, readings);
    }
    return insertSkippingStored(connection, tenantId, readings);
  }

  private static boolean anyStoredInSpan(
      Connection connection, String tenantId, List<Reading> readings) throws SQLException {
    Instant first = readings.get(0).timestamp();
    Instant last = first;
    for (Reading reading : readings) {
      first = reading.timestamp().isBefore(first) ? reading.timestamp() : first;
      last = reading.timestamp().isAfter(last) ? reading.timestamp() : last;
    }
    try (PreparedStatement exists = connection.prepareStatement(ANY_STORED_IN_SPAN)) {
      exists.setArray(
          1,
          connection.createArrayOf(
              "text", readings.stream().map(Reading::sensorId).distinct().toArray(String[]::new)));
      exists.setString(2, tenantId);
      exists.setObject(3, OffsetDateTime.ofInstant(first, ZoneOffset.UTC));
      exists.setObject(4, OffsetDateTime.ofInstant(last, ZoneOffset.UTC));
      try (ResultSet rs = exists.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
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
