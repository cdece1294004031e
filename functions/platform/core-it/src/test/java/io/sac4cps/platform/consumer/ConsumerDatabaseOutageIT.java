package io.sac4cps.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.EmbeddedPostgresServer;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.embedded.QueueSettings;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Consumers whose PostgreSQL stops in the middle of a batch (decision 0059): a real server of this
 * test's own, stopped from inside the projection's transaction after some events were added, and
 * started again on the same data directory and port. Nothing may be dead-lettered, and once the
 * database is back every event is applied exactly once: the tally's running totals, which adding
 * twice would break, and the {@code processed_event} rows say so.
 */
@EmbeddedInfrastructure(services = {Service.SQS})
class ConsumerDatabaseOutageIT {
  /** Fewer receives than the outage lasts: SQS's redrive would dead-letter what is merely late. */
  private static final QueueSettings SETTINGS = new QueueSettings(Duration.ofSeconds(2), 2);

  private Infrastructure infrastructure;
  private Path dataDirectory;
  private int port;
  private EmbeddedPostgresServer postgres;
  private PostgresDatabase database;
  private ApplicationContext context;
  private TransactionOperations<Connection> transactions;
  private SqsClient sqs;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void start(Infrastructure infra) throws Exception {
    infrastructure = infra;
    sqs = infra.sqsClient();
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    dataDirectory = Files.createTempDirectory("consumer-outage-");
    postgres = EmbeddedPostgresServer.start(Optional.of(dataDirectory), true, port);
    database = postgres.createDatabase("consumer_outage");
    Map<String, Object> properties = new HashMap<>(infra.properties());
    properties.put("datasources.default.url", database.jdbcUrl());
    properties.put("datasources.default.username", database.username());
    properties.put("datasources.default.password", database.password());
    properties.put("datasources.default.driver-class-name", PostgresDatabase.DRIVER_CLASS_NAME);
    properties.put("flyway.datasources.default.enabled", true);
    properties.put("sac4cps.consumers.transient-retry-delay", "1s");
    context = ApplicationContext.run(properties);
    transactions = context.getBean(TransactionOperations.class);
  }

  @AfterEach
  void stop() throws Exception {
    if (context != null) {
      context.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    try (Stream<Path> files = Files.walk(dataDirectory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void aKafkaBatchCutShortByTheOutageIsRetriedNotDeadLetteredAndAppliedOnceWhenItIsBack()
      throws Exception {
    SqsQueue deadLetters = infrastructure.queue("outage-kafka-dlq");
    TallyProjection projection =
        new TallyProjection("it.outage-kafka", deadLetters.name(), transactions);
    KafkaEventConsumer consumer = context.getBean(KafkaEventConsumer.class);
    String tenant = "t-" + UUID.randomUUID();
    List<String> events = new ArrayList<>();
    for (int amount = 1; amount <= 12; amount++) {
      events.add(TallyProjection.cloudEvent(UUID.randomUUID().toString(), tenant, amount));
    }
    // The first four were applied by an earlier invocation; the batch delivered again repeats them.
    assertThat(
            consumer
                .consume(ConsumerDeliveries.kafkaBatch(events.subList(0, 4)), projection)
                .applied())
        .isEqualTo(4);
    stopTheDatabaseAfter(projection, 5);

    Throwable failure =
        catchThrowable(() -> consumer.consume(ConsumerDeliveries.kafkaBatch(events), projection));

    assertThat(failure).as("the batch fails, so Lambda delivers it again").isNotNull();
    assertThat(TransientFailure.causes(failure)).as(failure.toString()).isTrue();
    projection.beforeEach = event -> {};
    restartTheDatabase();
    KafkaBatchResult redelivered =
        untilTheDatabaseServes(
            () -> consumer.consume(ConsumerDeliveries.kafkaBatch(events), projection));

    assertThat(redelivered.applied()).isEqualTo(8);
    assertThat(redelivered.duplicates()).isEqualTo(4);
    assertThat(redelivered.deadLettered()).isZero();
    assertThat(tally(tenant)).containsExactly(78, 12);
    assertThat(processedRows(projection.consumer())).isEqualTo(12);
    assertThat(receive(deadLetters.url(), Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  void sqsMessagesCaughtByTheOutageOutlastTheirReceiveCountAndAreAppliedOnceWhenItIsBack()
      throws Exception {
    SqsQueue queue = infrastructure.queue("outage-sqs", SETTINGS);
    TallyProjection projection =
        new TallyProjection("it.outage-sqs", queue.name() + "-dlq", transactions);
    SqsEventConsumer consumer = context.getBean(SqsEventConsumer.class);
    String tenant = "t-" + UUID.randomUUID();
    for (int amount = 1; amount <= 10; amount++) {
      String event = TallyProjection.cloudEvent(UUID.randomUUID().toString(), tenant, amount);
      sqs.sendMessage(b -> b.queueUrl(queue.url()).messageBody(event));
    }
    List<Message> first = receive(queue.url(), 10, Duration.ofSeconds(10));
    assertThat(first).hasSize(10);
    stopTheDatabaseAfter(projection, 3);

    SQSBatchResponse cut = deliver(queue, first, consumer, projection);

    // Three applied, the fourth met the outage, the rest were not tried: all seven sent back
    // with a delay, none left to SQS's receive count.
    assertThat(cut.getBatchItemFailures()).isEmpty();
    projection.beforeEach = event -> {};
    // More deliveries while the database is down than the queue's maxReceiveCount allows.
    for (int round = 1; round <= SETTINGS.maxReceiveCount() + 1; round++) {
      List<Message> copies = receive(queue.url(), 7, Duration.ofSeconds(20));
      assertThat(copies).as("round " + round).hasSize(7);
      assertThat(copies)
          .allSatisfy(
              m ->
                  assertThat(m.attributes())
                      .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
      assertThat(deliver(queue, copies, consumer, projection).getBatchItemFailures()).isEmpty();
    }
    restartTheDatabase();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (tally(tenant).size() < 2 || tally(tenant).get(1) < 10) {
      assertThat(System.nanoTime()).as("all ten applied in time").isLessThan(deadline);
      List<Message> copies = receive(queue.url(), 7, Duration.ofSeconds(3));
      if (!copies.isEmpty()) {
        deliver(queue, copies, consumer, projection);
      }
    }

    assertThat(tally(tenant)).containsExactly(55, 10);
    assertThat(processedRows(projection.consumer())).isEqualTo(10);
    assertThat(receive(queue.url(), Duration.ofSeconds(4))).isEmpty();
    assertThat(receive(queue.deadLetterUrl(), Duration.ofSeconds(2)))
        .as("nothing dead-lettered")
        .isEmpty();
  }

  // ---------------------------------------------------------------- fixtures

  /** Stops the server from inside the transaction, before the (n+1)-th event of this delivery. */
  private void stopTheDatabaseAfter(TallyProjection projection, int n) {
    AtomicInteger added = new AtomicInteger();
    projection.beforeEach =
        event -> {
          if (added.getAndIncrement() == n && postgres != null) {
            postgres.close();
            postgres = null;
          }
        };
  }

  private void restartTheDatabase() {
    postgres = EmbeddedPostgresServer.start(Optional.of(dataDirectory), true, port);
  }

  /** The pool gives pooled connections the stopped server closed back a little later. */
  private static <T> T untilTheDatabaseServes(java.util.function.Supplier<T> call)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        if (!TransientFailure.causes(e) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private SQSBatchResponse deliver(
      SqsQueue queue,
      List<Message> messages,
      SqsEventConsumer consumer,
      TallyProjection projection) {
    return ConsumerDeliveries.deliver(sqs, queue, messages, consumer, projection);
  }

  private List<Message> receive(String url, Duration within) {
    return receive(url, 10, within);
  }

  private List<Message> receive(String url, int count, Duration within) {
    return ConsumerDeliveries.receive(sqs, url, count, within);
  }

  /** {@code [total, events]}, or empty before the tenant's first event. */
  private List<Integer> tally(String tenant) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement query =
            connection.prepareStatement("SELECT total, events FROM tally WHERE tenant_id = ?")) {
      query.setString(1, tenant);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? List.of(rs.getInt(1), rs.getInt(2)) : List.of();
      }
    }
  }

  private int processedRows(String consumer) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM processed_event WHERE consumer = ?")) {
      query.setString(1, consumer);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        database.jdbcUrl(), database.username(), database.password());
  }
}
