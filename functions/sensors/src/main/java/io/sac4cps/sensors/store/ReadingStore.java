package io.sac4cps.sensors.store;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.sensors.domain.Reading;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
  // The whole batch in one statement; RETURNING tells which rows were new.
  private static final String INSERT =
      "INSERT INTO reading (tenant_id, sensor_id, ts, value)"
          + " SELECT ?, r.sensor_id, r.ts::timestamptz, r.value"
          + " FROM unnest(?::text[], ?::text[], ?::float8[]) AS r(sensor_id, ts, value)"
          + " ON CONFLICT DO NOTHING RETURNING sensor_id, ts";

  private final TransactionOperations<Connection> transactions;

  public ReadingStore(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  /** Key of a stored reading, as RETURNING reports it. */
  public record Key(String sensorId, Instant timestamp) {}

  /** Inserts what is new and returns the keys of those rows; runs in the caller's transaction. */
  public Set<Key> insertNew(Connection connection, String tenantId, List<Reading> readings)
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
    Set<Key> inserted = new HashSet<>();
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, tenantId);
      insert.setArray(2, connection.createArrayOf("text", sensors));
      insert.setArray(3, connection.createArrayOf("text", timestamps));
      insert.setArray(4, connection.createArrayOf("float8", values));
      try (ResultSet rs = insert.executeQuery()) {
        while (rs.next()) {
          inserted.add(new Key(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()));
        }
      }
    }
    return inserted;
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
