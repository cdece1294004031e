package io.sac4cps.platform.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.consumer.ProcessedEventRetention;
import io.sac4cps.platform.consumer.SqsEventConsumer;
import io.sac4cps.platform.consumer.TallyProjection;
import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.platform.outbox.OutboxRelayHandler;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.SqsEvents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code processed_event} retention against PostgreSQL: the scheduled handler deletes ids older
 * than 30 days and keeps the newer ones, so a redelivery inside the window is still applied once.
 */
@EmbeddedInfrastructure(services = Service.POSTGRES)
class RetentionPurgeIT {
  private static ApplicationContext context;
  private static TransactionOperations<Connection> transactions;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start(Infrastructure infrastructure) {
    Map<String, Object> properties = new HashMap<>(infrastructure.properties());
    properties.put("flyway.datasources.default.enabled", true);
    context = ApplicationContext.run(properties);
    transactions = context.getBean(TransactionOperations.class);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void theScheduledHandlerDeletesIdsOlderThanTheRetentionAndKeepsTheNewer() {
    String consumer = "it.age-" + UUID.randomUUID();
    claim(consumer, "old", Duration.ofDays(31));
    claim(consumer, "within", Duration.ofDays(29));
    claim(consumer, "fresh", Duration.ZERO);

    String result = new OutboxRelayHandler(context).execute(Map.of());

    assertThat(result).endsWith("expired processed_event=1");
    assertThat(ids(consumer)).containsExactlyInAnyOrder("within", "fresh");
  }

  @Test
  void aRedeliveryWithinTheWindowIsStillAppliedOnce() {
    TallyProjection tally =
        new TallyProjection("it.redelivery-" + UUID.randomUUID(), "it-unused-dlq", transactions);
    String tenant = "t-" + UUID.randomUUID();
    String event = TallyProjection.cloudEvent(UUID.randomUUID().toString(), tenant, 5);
    SqsEventConsumer consumer = context.getBean(SqsEventConsumer.class);

    consumer.consume(SqsEvents.eventOfBodies(event), tally);
    age(tally.consumer(), Duration.ofDays(29));
    context.getBean(RetentionPurge.class).purgeExpired();
    consumer.consume(SqsEvents.eventOfBodies(event), tally);

    assertThat(tally.total(tenant)).isEqualTo(5);
    assertThat(ids(tally.consumer())).hasSize(1);

    // Past the window the id is forgotten: why the retention must outlive every redelivery.
    age(tally.consumer(), Duration.ofDays(31));
    context.getBean(RetentionPurge.class).purgeExpired();
    assertThat(ids(tally.consumer())).isEmpty();
  }

  @Test
  void aBacklogIsDeletedInBoundedBatchesOverSeveralRuns() {
    String consumer = "it.backlog-" + UUID.randomUUID();
    for (int i = 0; i < 25; i++) {
      claim(consumer, "e" + i, Duration.ofDays(40));
    }
    RetentionPurge purge =
        new RetentionPurge(
            List.of(
                new ProcessedEventRetention(
                    context.getBean(JdbcStatements.class), Duration.ofDays(30))),
            transactions,
            10,
            2);

    assertThat(purge.purgeExpired()).isEqualTo("processed_event=20");
    assertThat(ids(consumer)).hasSize(5);
    assertThat(purge.purgeExpired()).isEqualTo("processed_event=5");
    assertThat(ids(consumer)).isEmpty();
  }

  private static void claim(String consumer, String eventId, Duration age) {
    transactions.executeWrite(
        status -> {
          try (PreparedStatement insert =
              status
                  .getConnection()
                  .prepareStatement(
                      "INSERT INTO processed_event (consumer, event_id, processed_at)"
                          + " VALUES (?, ?, now() - make_interval(secs => ?))")) {
            insert.setString(1, consumer);
            insert.setString(2, eventId);
            insert.setLong(3, age.toSeconds());
            return insert.executeUpdate();
          }
        });
  }

  private static void age(String consumer, Duration age) {
    transactions.executeWrite(
        status -> {
          try (PreparedStatement update =
              status
                  .getConnection()
                  .prepareStatement(
                      "UPDATE processed_event SET processed_at = now() - make_interval(secs => ?)"
                          + " WHERE consumer = ?")) {
            update.setLong(1, age.toSeconds());
            update.setString(2, consumer);
            return update.executeUpdate();
          }
        });
  }

  private static List<String> ids(String consumer) {
    return transactions.executeRead(
        status -> {
          try (PreparedStatement query =
              status
                  .getConnection()
                  .prepareStatement("SELECT event_id FROM processed_event WHERE consumer = ?")) {
            query.setString(1, consumer);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getString(1));
              }
            }
            return ids;
          }
        });
  }
}
