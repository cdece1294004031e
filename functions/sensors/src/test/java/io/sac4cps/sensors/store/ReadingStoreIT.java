package io.sac4cps.sensors.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.sensors.domain.Reading;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The insert takes a fast path when no reading of the batch's sensors is stored in its time span; a
 * reading committed meanwhile by a concurrent request must still count as a duplicate, not fail the
 * batch.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class ReadingStoreIT {
  private static final String TENANT = "store-it";
  private static ApiFunction sensors;
  private static Map<String, Object> database;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    sensors = ApiFunction.builder("sensors").properties(infrastructure.properties()).start();
    database = infrastructure.properties();
  }

  @AfterAll
  static void stop() {
    sensors.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aReadingACommittingConcurrentRequestStoredIsSkippedAndTheRestStored() throws Exception {
    Instant t = Instant.parse("2026-03-01T00:00:00Z");
    Reading contested = new Reading("s-1", t, 20);
    Reading fresh = new Reading("s-1", t.plusSeconds(60), 21);
    TransactionOperations<Connection> transactions = sensors.bean(TransactionOperations.class);
    ReadingStore store = sensors.bean(ReadingStore.class);

    try (Connection other =
        DriverManager.getConnection(
            (String) database.get("datasources.default.url"),
            (String) database.get("datasources.default.username"),
            (String) database.get("datasources.default.password"))) {
      other.setAutoCommit(false);
      try (PreparedStatement insert =
          other.prepareStatement(
              "INSERT INTO sensors.reading (tenant_id, sensor_id, ts, value) VALUES (?, ?, ?, ?)")) {
        insert.setString(1, TENANT);
        insert.setString(2, "s-1");
        insert.setObject(3, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        insert.setDouble(4, 19);
        insert.executeUpdate();
      }
      // Not committed yet: the batch's check sees nothing stored, and its insert waits on the row.
      CompletableFuture<List<Reading>> batch =
          CompletableFuture.supplyAsync(
              () ->
                  transactions.executeWrite(
                      status -> store.insertNew(TENANT, List.of(contested, fresh))));
      awaitABackendWaitingOnALock(other.unwrap(org.postgresql.PGConnection.class).getBackendPID());
      assertThat(batch).isNotDone();
      other.commit();

      assertThat(batch.get(10, TimeUnit.SECONDS)).containsExactly(fresh);
    }
    assertThat(storedValues()).containsExactly(19.0, 21.0);
  }

  /**
   * Until PostgreSQL reports a session blocked by {@code holderPid}'s locks: the batch's insert has
   * reached the contested row (no guessing how long that takes).
   */
  private static void awaitABackendWaitingOnALock(int holderPid) throws Exception {
    try (Connection observer =
        DriverManager.getConnection(
            (String) database.get("datasources.default.url"),
            (String) database.get("datasources.default.username"),
            (String) database.get("datasources.default.password"))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        try (PreparedStatement blocked =
            observer.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))")) {
          blocked.setInt(1, holderPid);
          try (ResultSet rows = blocked.executeQuery()) {
            rows.next();
            if (rows.getInt(1) > 0) {
              return;
            }
          }
        }
        Thread.onSpinWait();
      }
      throw new AssertionError("no session waited on the uncommitted reading within 10 s");
    }
  }

  private static List<Double> storedValues() {
    TransactionOperations<Connection> transactions = sensors.bean(TransactionOperations.class);
    return transactions.executeRead(
        status -> {
          try (PreparedStatement select =
              status
                  .getConnection()
                  .prepareStatement("SELECT value FROM reading WHERE tenant_id = ? ORDER BY ts")) {
            select.setString(1, TENANT);
            List<Double> values = new java.util.ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                values.add(rs.getDouble(1));
              }
            }
            return values;
          }
        });
  }
}
