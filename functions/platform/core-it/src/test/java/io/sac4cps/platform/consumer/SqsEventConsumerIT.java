package io.sac4cps.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.QueueSettings;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.SqsEvents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * {@link SqsEventConsumer} against ElasticMQ, the SNS stand-in and PostgreSQL: messages are sent to
 * real queues (directly or through an SNS topic), received as Lambda's event source receives them,
 * handed over as an {@link SQSEvent}, and deleted unless the response names them, as Lambda does
 * with {@code ReportBatchItemFailures}. What reaches the queues again is what SQS redelivers.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS, Service.SNS})
class SqsEventConsumerIT {
  /** Short, so a failed message comes back within the test. */
  private static final QueueSettings SETTINGS = new QueueSettings(Duration.ofSeconds(2), 3);

  private static Infrastructure infrastructure;
  private static ApplicationContext context;
  private static SqsEventConsumer consumer;
  private static TransactionOperations<Connection> transactions;
  private static SqsClient sqs;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start(Infrastructure infra) {
    infrastructure = infra;
    Map<String, Object> properties = new HashMap<>(infra.properties());
    properties.put("flyway.datasources.default.enabled", true);
    context = ApplicationContext.run(properties);
    consumer = context.getBean(SqsEventConsumer.class);
    transactions = context.getBean(TransactionOperations.class);
    sqs = infra.sqsClient();
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void reportsOnlyTheFailedMessagesAndAppliesThemWhenRedelivered() throws Exception {
    Fixture f = new Fixture("partial");
    String healthy = tenant();
    String failing = tenant();
    f.projection.unavailable.add(failing);
    f.send(cloudEvent(id(), healthy, 5));
    String failedBody = cloudEvent(id(), failing, 7);
    f.send(failedBody);
    f.send(cloudEvent(id(), healthy, 11));

    Delivery first = f.deliver(3);

    assertThat(first.failedBodies()).containsExactly(failedBody);
    assertThat(tally(healthy)).isEqualTo(new Tally(16, 2));
    assertThat(tally(failing)).isNull();

    f.projection.unavailable.remove(failing);
    Delivery second = f.deliver(1);

    assertThat(second.messages()).hasSize(1);
    assertThat(second.messages().get(0).body()).isEqualTo(failedBody);
    assertThat(second.messages().get(0).attributes())
        .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
    assertThat(second.response().getBatchItemFailures()).isEmpty();
    assertThat(tally(failing)).isEqualTo(new Tally(7, 1));
    assertThat(tally(healthy)).isEqualTo(new Tally(16, 2));
    assertThat(f.receive(f.queue.url(), 1, Duration.ofSeconds(3))).isEmpty();
  }

  @Test
  void aMessageThatKeepsFailingEndsInTheDeadLetterQueueAfterItsRetries() throws Exception {
    Fixture f = new Fixture("exhausted");
    String failing = tenant();
    f.projection.unavailable.add(failing);
    String body = cloudEvent(id(), failing, 3);
    f.send(body);

    for (int receive = 1; receive <= SETTINGS.maxReceiveCount(); receive++) {
      assertThat(f.deliver(1).failedBodies()).containsExactly(body);
    }

    // SQS moves it on the receive after the last one allowed: the queue answers nothing more.
    assertThat(f.receive(f.queue.url(), 1, Duration.ofSeconds(4))).isEmpty();

    List<Message> dead = f.receive(f.queue.deadLetterUrl(), 1, Duration.ofSeconds(5));
    assertThat(dead).extracting(Message::body).containsExactly(body);
    assertThat(tally(failing)).isNull();
  }

  @Test
  void appliesAnEventDeliveredTwiceOnce() throws Exception {
    Fixture f = new Fixture("duplicates");
    String tenant = tenant();
    String eventId = id();
    String event = cloudEvent(eventId, tenant, 4);
    // Two SQS messages with one CloudEvent id: the outbox republished after a crash, say.
    f.send(event);
    f.send(event);

    Delivery first = f.deliver(2);
    assertThat(first.response().getBatchItemFailures()).isEmpty();
    assertThat(tally(tenant)).isEqualTo(new Tally(4, 1));

    // A later delivery of the same event, and Lambda invoking the consumer again with the whole
    // batch (its retry when an invocation times out): nothing more is applied.
    f.send(event);
    assertThat(f.deliver(1).response().getBatchItemFailures()).isEmpty();
    assertThat(consumer.consume(first.event(), f.projection).getBatchItemFailures()).isEmpty();

    assertThat(tally(tenant)).isEqualTo(new Tally(4, 1));
    assertThat(processedRows(f.projection.consumer(), eventId)).isEqualTo(1);
  }

  @Test
  void sendsPoisonToTheDeadLetterQueueWithTheReasonAndGoesOn() throws Exception {
    Fixture f = new Fixture("poison");
    String tenant = tenant();
    Map<String, String> reasonByBody = new LinkedHashMap<>();
    reasonByBody.put("{not json", "bad-json");
    reasonByBody.put("{\"specversion\":\"1.0\",\"id\":\"x\",\"data\":{}}", "not-a-cloudevent");
    reasonByBody.put(
        cloudEvent(id(), tenant, "tally.removed.v1", "{\"amount\":1}"), "unknown-type");
    reasonByBody.put(
        cloudEvent(id(), tenant, TallyProjection.TYPE, "{\"amount\":\"many\"}"), "schema-invalid");
    reasonByBody.keySet().forEach(f::send);
    f.send(cloudEvent(id(), tenant, 9));

    Delivery delivery = f.deliver(5);

    assertThat(delivery.response().getBatchItemFailures()).isEmpty();
    assertThat(tally(tenant)).isEqualTo(new Tally(9, 1));
    List<Message> dead = f.receive(f.queue.deadLetterUrl(), 4, Duration.ofSeconds(5));
    assertThat(dead).hasSize(4);
    Map<String, String> messageIdByBody = new HashMap<>();
    delivery.messages().forEach(m -> messageIdByBody.put(m.body(), m.messageId()));
    for (Message letter : dead) {
      assertThat(reasonByBody).containsKey(letter.body());
      assertThat(attribute(letter, "reason")).isEqualTo(reasonByBody.get(letter.body()));
      assertThat(attribute(letter, "detail")).isNotBlank();
      assertThat(attribute(letter, "consumer")).isEqualTo(f.projection.consumer());
      assertThat(attribute(letter, "messageId")).isEqualTo(messageIdByBody.get(letter.body()));
      assertThat(attribute(letter, "queue")).isEqualTo(f.queue.arn());
      assertThat(attribute(letter, "encoding")).isEqualTo("text");
    }
    // Dead-lettered, not failed: the source queue does not deliver them again.
    assertThat(f.receive(f.queue.url(), 1, Duration.ofSeconds(3))).isEmpty();
  }

  @Test
  void aPoisonMessageWhoseLetterCannotBeSentIsRetriedNotLost() throws Exception {
    Fixture f = new Fixture("nodlq");
    TallyProjection noQueue =
        new TallyProjection(f.projection.consumer(), "no-such-queue-" + id(), transactions);
    f.send("{not json");

    List<Message> received = f.receive(f.queue.url(), 1, Duration.ofSeconds(5));
    SQSBatchResponse response =
        consumer.consume(SqsEvents.received(f.queue.arn(), received), noQueue);

    assertThat(response.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(received.get(0).messageId());
  }

  @Test
  void readsEventsFromSnsEnvelopesAndFromRawDelivery() throws Exception {
    Fixture enveloped = new Fixture("enveloped");
    Fixture raw = new Fixture("raw");
    String topicArn = infrastructure.snsTopic("tally-events");
    infrastructure.subscribe(topicArn, enveloped.queue, Map.of("RawMessageDelivery", "false"));
    infrastructure.subscribe(topicArn, raw.queue, Map.of("RawMessageDelivery", "true"));
    String tenant = tenant();
    String event = cloudEvent(id(), tenant, 6);
    infrastructure.snsClient().publish(b -> b.topicArn(topicArn).message(event));

    Delivery viaEnvelope = enveloped.deliver(1);
    assertThat(viaEnvelope.messages().get(0).body())
        .contains("\"Type\"")
        .contains("Notification")
        .isNotEqualTo(event);
    assertThat(viaEnvelope.response().getBatchItemFailures()).isEmpty();
    assertThat(tally(tenant)).isEqualTo(new Tally(6, 1));

    // The same event through the other subscription: another consumer, applied once more there.
    Delivery viaRaw = raw.deliver(1);
    assertThat(viaRaw.messages().get(0).body()).isEqualTo(event);
    assertThat(viaRaw.response().getBatchItemFailures()).isEmpty();
    assertThat(tally(tenant)).isEqualTo(new Tally(12, 2));

    // Poison inside an envelope is dead-lettered as it arrived: the envelope.
    infrastructure.snsClient().publish(b -> b.topicArn(topicArn).message("{not json"));
    Delivery poison = enveloped.deliver(1);
    assertThat(poison.response().getBatchItemFailures()).isEmpty();
    List<Message> dead =
        enveloped.receive(enveloped.queue.deadLetterUrl(), 1, Duration.ofSeconds(5));
    assertThat(dead).extracting(Message::body).containsExactly(poison.messages().get(0).body());
    assertThat(attribute(dead.get(0), "reason")).isEqualTo("bad-json");
    raw.receive(raw.queue.url(), 1, Duration.ofSeconds(3)); // the raw copy, not under test here
  }

  /** One queue (with its DLQ) and a projection consuming it. */
  private static final class Fixture {
    final SqsQueue queue;
    final TallyProjection projection;

    Fixture(String name) {
      queue = infrastructure.queue(name, SETTINGS);
      projection = new TallyProjection("it." + name, queue.name() + "-dlq", transactions);
    }

    void send(String body) {
      sqs.sendMessage(b -> b.queueUrl(queue.url()).messageBody(body));
    }

    /**
     * Lambda's event source: receives {@code count} messages, invokes the consumer with them and
     * deletes those the response does not name.
     */
    Delivery deliver(int count) throws InterruptedException {
      List<Message> messages = receive(queue.url(), count, Duration.ofSeconds(10));
      assertThat(messages).as("messages received from " + queue.name()).hasSize(count);
      SQSBatchResponse response =
          ConsumerDeliveries.deliver(sqs, queue, messages, consumer, projection);
      return new Delivery(SqsEvents.received(queue.arn(), messages), messages, response);
    }

    /** Up to {@code count} messages, waiting at most {@code within} for them. */
    List<Message> receive(String url, int count, Duration within) throws InterruptedException {
      return ConsumerDeliveries.receive(sqs, url, count, within);
    }
  }

  private record Delivery(SQSEvent event, List<Message> messages, SQSBatchResponse response) {
    List<String> failedBodies() {
      List<String> failed =
          response.getBatchItemFailures().stream()
              .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
              .toList();
      return messages.stream()
          .filter(m -> failed.contains(m.messageId()))
          .map(Message::body)
          .toList();
    }
  }

  private record Tally(int total, int events) {}

  private static Tally tally(String tenant) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement query =
            connection.prepareStatement("SELECT total, events FROM tally WHERE tenant_id = ?")) {
      query.setString(1, tenant);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? new Tally(rs.getInt(1), rs.getInt(2)) : null;
      }
    }
  }

  private static int processedRows(String consumerName, String eventId) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM processed_event WHERE consumer = ? AND event_id = ?")) {
      query.setString(1, consumerName);
      query.setString(2, eventId);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static Connection connect() throws SQLException {
    var db = infrastructure.database();
    return java.sql.DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
  }

  private static String attribute(Message message, String name) {
    var value = message.messageAttributes().get(name);
    return value == null ? null : value.stringValue();
  }

  private static String cloudEvent(String id, String tenant, int amount) {
    return cloudEvent(id, tenant, TallyProjection.TYPE, "{\"amount\":" + amount + "}");
  }

  private static String cloudEvent(String id, String tenant, String type, String data) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + id
        + "\",\"source\":\"/it\",\"type\":\""
        + type
        + "\",\"tenantid\":\""
        + tenant
        + "\",\"time\":\"2026-12-01T10:00:00Z\",\"datacontenttype\":\"application/json\",\"data\":"
        + data
        + "}";
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  private static String tenant() {
    return "t-" + UUID.randomUUID();
  }
}
