package io.sac4cps.rooms.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.outbox.OutboxRelayHandler;
import io.sac4cps.rooms.domain.HistoryInterval;
import io.sac4cps.rooms.domain.HistoryPoint;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.security.TestTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Minute rollups expire after 30 days, deleted by the function's scheduled handler; hour rollups of
 * the same time stay, so old history is still there at 1h.
 */
@EmbeddedInfrastructure(services = Service.POSTGRES)
class MinuteRollupRetentionIT {
  private static ApplicationContext context;
  private static TransactionOperations<Connection> transactions;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start(Infrastructure infrastructure) {
    Map<String, Object> properties = new HashMap<>(infrastructure.properties());
    properties.putAll(TestTokens.configuration());
    context = ApplicationContext.run(properties);
    transactions = context.getBean(TransactionOperations.class);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void minuteRollupsOlderThanTheRetentionGoAndHourRollupsStay() {
    String tenant = "t-" + UUID.randomUUID();
    String room = "r-1";
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant expired = now.minus(Duration.ofDays(31));
    Instant kept = now.minus(Duration.ofDays(29));
    Instant recent = now.minus(Duration.ofHours(1));
    for (Instant minute : List.of(expired, kept, recent)) {
      rollup("rollup_minute", tenant, room, minute);
    }
    rollup("rollup_hour", tenant, room, expired.truncatedTo(ChronoUnit.HOURS));

    String result = new OutboxRelayHandler(context).execute(Map.of());

    assertThat(result).containsPattern("\\brollup_minute=1\\b");
    // Stores run in the caller's transaction (decision 0010).
    RollupStore rollups = context.getBean(RollupStore.class);
    Instant from = now.minus(Duration.ofDays(40));
    assertThat(
            transactions.<List<HistoryPoint>>executeRead(
                status ->
                    rollups.history(
                        tenant,
                        room,
                        Metric.TEMPERATURE,
                        HistoryInterval.ONE_MINUTE,
                        from,
                        now,
                        1000)))
        .extracting(HistoryPoint::t)
        .containsExactly(kept, recent);
    assertThat(
            transactions.<List<HistoryPoint>>executeRead(
                status ->
                    rollups.history(
                        tenant,
                        room,
                        Metric.TEMPERATURE,
                        HistoryInterval.ONE_HOUR,
                        from,
                        now,
                        1000)))
        .extracting(HistoryPoint::t)
        .containsExactly(expired.truncatedTo(ChronoUnit.HOURS));
  }

  private static void rollup(String table, String tenant, String room, Instant bucket) {
    transactions.executeWrite(
        status -> {
          try (PreparedStatement insert =
              status
                  .getConnection()
                  .prepareStatement(
                      "INSERT INTO "
                          + table
                          + " (tenant_id, room_id, metric, bucket, count, sum, min, max)"
                          + " VALUES (?, ?, 'temperature', ?, 1, 21, 21, 21)")) {
            insert.setString(1, tenant);
            insert.setString(2, room);
            insert.setObject(
                3, java.time.OffsetDateTime.ofInstant(bucket, java.time.ZoneOffset.UTC));
            return insert.executeUpdate();
          }
        });
  }
}
