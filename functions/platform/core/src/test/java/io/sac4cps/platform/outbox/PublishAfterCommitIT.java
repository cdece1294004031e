package io.sac4cps.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.embedded.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transaction-scoped outbox against a real PostgreSQL: what a transaction records is published
 * from memory once it commits, never before and never when it rolls back; while the broker is
 * failing, commits do not retry it (the backoff) and the scheduled relay publishes what waited.
 */
class PublishAfterCommitIT {
  private static PostgresServer server;
  private static ApplicationContext context;
  private static TransactionOperations<Connection> transactions;

  private final Broker broker = new Broker();
  private final MovableClock clock = new MovableClock();
  private OutboxRelay relay;
  private Outbox outbox;

  /** A clock the test moves forward, so the backoff's end needs no waiting. */
  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-06-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** A broker stand-in that records every publish call and acknowledges while it is up. */
  private static final class Broker implements OutboxPublisher {
    final List<String> published = Collections.synchronizedList(new ArrayList<>());
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    volatile int calls;
    volatile boolean up = true;

    /** While set, each publish waits (at most 20 s) for it to be counted down. */
    volatile CountDownLatch hold;

    @Override
    public Destination.Kind kind() {
      return Destination.Kind.KAFKA;
    }

    @Override
    public Set<String> publish(List<OutboxMessage> messages) {
      calls++;
      threads.add(Thread.currentThread().getName());
      CountDownLatch waitFor = hold;
      if (waitFor != null) {
        try {
          waitFor.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Set<String> acknowledged = new HashSet<>();
      if (up) {
        messages.forEach(m -> published.add(m.id()));
        messages.forEach(m -> acknowledged.add(m.id()));
      }
      return acknowledged;
    }
  }

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start() {
    server = PostgresServer.startOrConnect(System.getenv());
    PostgresDatabase db =
        server.createDatabase("outbox_" + UUID.randomUUID().toString().substring(0, 8));
    context =
        ApplicationContext.run(
            Map.of(
                "datasources.default.url",
                db.jdbcUrl(),
                "datasources.default.username",
                db.username(),
                "datasources.default.password",
                db.password(),
                "datasources.default.dialect",
                "POSTGRES",
                "flyway.datasources.default.enabled",
                true,
                "flyway.datasources.default.locations",
                "classpath:db/platform",
                "micronaut.security.enabled",
                false));
    transactions = context.getBean(TransactionOperations.class);
  }

  @AfterAll
  static void stop() {
    context.close();
    server.close();
  }

  @BeforeEach
  void emptyOutbox() {
    relay = new OutboxRelay(transactions, List.of(broker), 20, Duration.ofMinutes(5), clock);
    outbox =
        new Outbox(
            transactions, context.getBean(JsonMapper.class), relay, new BackgroundPublishing());
    relay.relayPending();
    broker.published.clear();
    broker.calls = 0;
  }

  @Test
  void inBackgroundTheCommitReturnsBeforeThePublishWhichTheOutboxThreadDoesAfterIt() {
    broker.hold = new CountDownLatch(1);
    List<OutboxMessage> messages = messages("background", 2);

    outbox.publishingInBackground(
        () ->
            transactions.executeWrite(
                status -> {
                  outbox.addAll(messages);
                  return null;
                }));

    // Committed, and this thread is back while the broker still holds the publish.
    assertThat(broker.published).isEmpty();
    broker.hold.countDown();
    outbox.awaitBackgroundPublishes();
    assertThat(broker.published).containsExactly("background-0", "background-1");
    assertThat(broker.threads).containsExactly(BackgroundPublishing.THREAD);
    assertThat(relay.pending()).isZero();
  }

  @Test
  void aPublishThatNeverReturnsHoldsItsRowsOnlyUntilTheHoldTimeoutThenTheRelayPublishesThem() {
    // A Lambda frozen (or gone) in the middle of its background publish: the server ends the
    // publish's session after the hold timeout, which frees the row for the scheduled relay.
    OutboxRelay holding =
        new OutboxRelay(
            transactions, List.of(broker), 20, Duration.ofMinutes(5), clock, Duration.ofSeconds(1));
    Outbox frozen =
        new Outbox(
            transactions, context.getBean(JsonMapper.class), holding, new BackgroundPublishing());
    broker.hold = new CountDownLatch(1);
    frozen.publishingInBackground(
        () ->
            transactions.executeWrite(
                status -> {
                  frozen.addAll(messages("frozen", 1));
                  return null;
                }));
    Broker scheduled = new Broker();
    OutboxRelay drain =
        new OutboxRelay(transactions, List.of(scheduled), 20, Duration.ofMinutes(5), clock);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (scheduled.published.isEmpty() && System.nanoTime() < deadline) {
      drain.relayPending();
    }
    assertThat(scheduled.published).containsExactly("frozen-0");
    assertThat(relay.pending()).isZero();
    // The thawed publish finds its session ended: nothing more happens to the row.
    broker.hold.countDown();
    frozen.awaitBackgroundPublishes();
    assertThat(relay.pending()).isZero();
  }

  @Test
  void aBatchWrittenInATransactionIsPublishedFromMemoryRightAfterItsCommit() {
    List<OutboxMessage> messages = messages("commit", 3);
    transactions.executeWrite(
        status -> {
          outbox.addAll(messages);
          assertThat(broker.published).as("published before the commit").isEmpty();
          return null;
        });
    assertThat(broker.published).containsExactly("commit-0", "commit-1", "commit-2");
    assertThat(relay.pending()).isZero();
  }

  @Test
  void aJoinedTransactionPublishesOnlyWhenTheOutermostOneCommits() {
    transactions.executeWrite(
        outer -> {
          transactions.executeWrite(inner -> outbox.addAll(messages("joined", 2)));
          assertThat(broker.published).as("published when the joined call returned").isEmpty();
          return null;
        });
    assertThat(broker.published).containsExactly("joined-0", "joined-1");
  }

  @Test
  void nothingIsPublishedOrKeptWhenTheTransactionRollsBack() {
    assertThatThrownBy(
            () ->
                transactions.executeWrite(
                    status -> {
                      outbox.addAll(messages("rollback", 2));
                      throw new IllegalStateException("the state change failed");
                    }))
        .hasMessage("the state change failed");
    assertThat(broker.calls).isZero();
    assertThat(relay.pending()).isZero();
  }

  @Test
  void afterAFailedPublishCommitsWaitOutTheBackoffAndTheRelayPublishesWhatWaited() {
    broker.up = false;
    transactions.executeWrite(status -> outbox.addAll(messages("down", 2)));
    assertThat(broker.calls).isEqualTo(1);
    assertThat(relay.pending()).isEqualTo(2);

    broker.up = true;
    transactions.executeWrite(status -> outbox.addAll(messages("backoff", 3)));
    assertThat(broker.calls).as("publish attempts during the backoff").isEqualTo(1);
    assertThat(relay.pending()).isEqualTo(5);

    clock.now = clock.now.plus(Duration.ofMinutes(5));
    transactions.executeWrite(status -> outbox.addAll(messages("after", 1)));
    assertThat(broker.calls).as("publish attempts once the backoff is over").isEqualTo(2);
    assertThat(broker.published).containsExactly("after-0");
    assertThat(relay.pending()).isEqualTo(5);

    // The scheduled relay is the safety net: it ignores the backoff and drains, oldest first.
    assertThat(relay.relayPending()).isEqualTo(5);
    assertThat(broker.published)
        .containsExactly("after-0", "down-0", "down-1", "backoff-0", "backoff-1", "backoff-2");
    assertThat(relay.pending()).isZero();
  }

  @Test
  void addingOutsideATransactionIsRefused() {
    assertThatThrownBy(() -> outbox.addAll(messages("none", 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  private static List<OutboxMessage> messages(String prefix, int n) {
    List<OutboxMessage> messages = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      messages.add(
          new OutboxMessage(
              prefix + "-" + i,
              Destination.kafka("outbox.it"),
              "k",
              ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    return messages;
  }
}
