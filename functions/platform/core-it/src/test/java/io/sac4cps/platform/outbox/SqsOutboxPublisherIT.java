package io.sac4cps.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * SQS as an outbox destination, against ElasticMQ and PostgreSQL: what a transaction records for a
 * queue reaches it right after the commit; while SQS is unreachable it stays in the outbox, and a
 * later relay delivers it exactly once.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class SqsOutboxPublisherIT {
  private static ApplicationContext context;
  private static TransactionOperations<Connection> transactions;
  private static Outbox outbox;
  private static OutboxRelay relay;
  private static SqsClient sqs;
  private static Infrastructure infrastructure;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start(Infrastructure infra) {
    infrastructure = infra;
    Map<String, Object> properties = new HashMap<>(infra.properties());
    properties.put("flyway.datasources.default.enabled", true);
    context = ApplicationContext.run(properties);
    transactions = context.getBean(TransactionOperations.class);
    outbox = context.getBean(Outbox.class);
    relay = context.getBean(OutboxRelay.class);
    sqs = infra.sqsClient();
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void whatATransactionRecordsForAQueueReachesIt() throws Exception {
    SqsQueue queue = infrastructure.queue("work");
    // More than one SendMessageBatch call, and event ids that are not valid batch entry ids.
    List<OutboxMessage> messages = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      messages.add(work("work:" + i + "/" + UUID.randomUUID(), queue.name(), "job-" + i));
    }
    transactions.executeWrite(status -> outbox.addAll(messages));

    // Published from memory after the commit: nothing is left for the relay.
    assertThat(relay.pending()).isZero();
    assertThat(relay.relayPending()).isZero();

    List<Message> received = receive(queue.url(), 23, Duration.ofSeconds(10));
    assertThat(received)
        .extracting(Message::body)
        .containsExactlyInAnyOrderElementsOf(
            messages.stream().map(OutboxMessage::payloadText).toList());
    assertThat(received)
        .allSatisfy(
            m ->
                assertThat(m.messageAttributes().get("type").stringValue())
                    .isEqualTo("task.work-requested.v1"));
    assertThat(relay.pending()).isZero();
  }

  @Test
  void staysInTheOutboxWhileSqsIsDownAndIsDeliveredOnceLater() throws Exception {
    SqsQueue queue = infrastructure.queue("work-later");
    OutboxMessage message = work(UUID.randomUUID().toString(), queue.name(), "export");

    // A function instance whose SQS is unreachable: its after-commit publish fails.
    Map<String, Object> down = new HashMap<>(infrastructure.properties());
    down.put("aws.services.sqs.endpoint-override", "http://127.0.0.1:" + closedPort());
    try (ApplicationContext unreachable = ApplicationContext.run(down)) {
      TransactionOperations<Connection> writes = unreachable.getBean(TransactionOperations.class);
      writes.executeWrite(status -> unreachable.getBean(Outbox.class).add(message));
    }
    assertThat(relay.pending()).isEqualTo(1);
    assertThat(attempts(message.id())).isEqualTo(1);
    assertThat(receive(queue.url(), 1, Duration.ofSeconds(2))).isEmpty();

    assertThat(relay.relayPending()).isEqualTo(1);
    assertThat(relay.relayPending()).isZero();

    List<Message> received = receive(queue.url(), 2, Duration.ofSeconds(4));
    assertThat(received).extracting(Message::body).containsExactly(message.payloadText());
    assertThat(relay.pending()).isZero();
  }

  private static OutboxMessage work(String id, String queue, String job) {
    String cloudEvent =
        "{\"specversion\":\"1.0\",\"id\":\""
            + id
            + "\",\"source\":\"/tasks\",\"type\":\"task.work-requested.v1\",\"tenantid\":\"t-1\","
            + "\"data\":{\"job\":\""
            + job
            + "\"}}";
    return new OutboxMessage(
        id, Destination.sqs(queue), null, cloudEvent.getBytes(StandardCharsets.UTF_8));
  }

  /** How often the relay tried the outbox row that holds {@code eventId}'s message. */
  private static int attempts(String eventId) {
    return transactions.executeRead(
        status -> {
          try (PreparedStatement query =
                  status
                      .getConnection()
                      .prepareStatement(
                          "SELECT attempts FROM outbox WHERE destination_kind = 'sqs'");
              ResultSet rs = query.executeQuery()) {
            assertThat(rs.next()).as("outbox row of " + eventId).isTrue();
            return rs.getInt(1);
          }
        });
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static List<Message> receive(String url, int count, Duration within) {
    List<Message> received = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      received.addAll(
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(url)
                          .maxNumberOfMessages(Math.min(10, count - received.size()))
                          .waitTimeSeconds(1)
                          .messageAttributeNames("All"))
              .messages());
    }
    return received;
  }
}
