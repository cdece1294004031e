package io.sac4cps.sensors.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Readings of one sensor, a room's sensors or a whole tenant over a period, in key order (sensor,
 * timestamp), a page at a time: each page starts after the last key of the one before (keyset
 * paging on the primary key, so a page costs the same at the end as at the start) and streams from
 * the server in fetches of {@value #FETCH_SIZE} rows, so memory stays flat whatever the size.
 */
@Singleton
public class ReadingExportStore {
  static final int FETCH_SIZE = 2000;

  private final TransactionOperations<Connection> transactions;

  public ReadingExportStore(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  /** Which readings: one sensor's, a room's sensors' (as sensors knows them) or all. */
  public record Scope(@Nullable String sensorId, @Nullable String roomId) {}

  /** The key of a reading, the position a page starts after. */
  public record Key(String sensorId, Instant timestamp) {}

  /** Takes each row of a page. */
  public interface RowSink {
    void accept(String sensorId, Instant timestamp, double value) throws Exception;
  }

  /** How many readings the export has, for its progress. */
  public long count(String tenantId, Scope scope, Instant from, Instant to) {
    return transactions.executeRead(
        status -> {
          try (PreparedStatement query =
              status.getConnection().prepareStatement("SELECT count(*)" + from(scope, false))) {
            bindScope(query, tenantId, scope, from, to);
            try (ResultSet rs = query.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /**
   * Streams up to {@code limit} readings after {@code after} (null: from the start) to {@code
   * sink}, in key order.
   *
   * @return the last key streamed, or null when there was nothing after {@code after}
   */
  public @Nullable Key page(
      String tenantId,
      Scope scope,
      Instant from,
      Instant to,
      @Nullable Key after,
      int limit,
      RowSink sink) {
    return transactions.executeRead(
        status -> {
          // A fetch size only streams inside a transaction; autocommit would read it all.
          try (PreparedStatement query =
              status
                  .getConnection()
                  .prepareStatement(
                      "SELECT sensor_id, ts, value"
                          + from(scope, after != null)
                          + " ORDER BY sensor_id, ts LIMIT ?")) {
            query.setFetchSize(FETCH_SIZE);
            int next = bindScope(query, tenantId, scope, from, to);
            if (after != null) {
              query.setString(next++, after.sensorId());
              query.setTimestamp(next++, Timestamp.from(after.timestamp()));
            }
            query.setInt(next, limit);
            Key last = null;
            try (ResultSet rs = query.executeQuery()) {
              while (rs.next()) {
                String sensorId = rs.getString(1);
                Instant ts = rs.getTimestamp(2).toInstant();
                sink.accept(sensorId, ts, rs.getDouble(3));
                last = new Key(sensorId, ts);
              }
            } catch (SQLException e) {
              throw e;
            } catch (Exception e) {
              throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            return last;
          }
        });
  }

  // Parameters: tenant, [sensor | tenant + room], from, to, then the keyset position if any.
  private static String from(Scope scope, boolean after) {
    String which =
        scope.sensorId() != null
            ? " AND sensor_id = ?"
            : scope.roomId() != null
                ? " AND sensor_id IN (SELECT id FROM sensor WHERE tenant_id = ? AND room_id = ?)"
                : "";
    return " FROM reading WHERE tenant_id = ?"
        + which
        + " AND ts >= ? AND ts < ?"
        + (after ? " AND (sensor_id, ts) > (?, ?)" : "");
  }

  private static int bindScope(
      PreparedStatement query, String tenantId, Scope scope, Instant from, Instant to)
      throws SQLException {
    int i = 1;
    query.setString(i++, tenantId);
    if (scope.sensorId() != null) {
      query.setString(i++, scope.sensorId());
    } else if (scope.roomId() != null) {
      query.setString(i++, tenantId);
      query.setString(i++, scope.roomId());
    }
    query.setTimestamp(i++, Timestamp.from(from));
    query.setTimestamp(i++, Timestamp.from(to));
    return i;
  }
}
