package io.sac4cps.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import java.sql.Connection;
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
 * {@link KafkaEventConsumer} bisecting a batch that PostgreSQL refuses (decision 0059): the tally's
 * check constraint refuses an event that would take a total below zero, a failure the same event
 * meets on every retry. Only that event may reach the dead-letter queue, with its reason, and the
 * rest of its batch must be applied once.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class KafkaEventConsumerIT {
  private static ApplicationContext context;
  private static KafkaEventConsumer consumer;
  private static TransactionOperations<Connection> transactions;
  private static SqsClient sqs;
  private static Infrastructure infrastructure;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start(Infrastructure infra) {
    infrastructure = infra;
    Map<String, Object> properties = new HashMap<>(infra.properties());
    properties.put("flyway.datasources.default.enabled", true);
    context = ApplicationContext.run(properties);
    // This class's own database: an event that would take a tally below zero is refused (23514),
    // a statement that fails for one event and never succeeds on retry.
    infra
        .database()
        .execute(
            List.of("ALTER TABLE tally ADD CONSTRAINT tally_never_negative CHECK (total >= 0)"));
    consumer = context.getBean(KafkaEventConsumer.class);
    transactions = context.getBean(TransactionOperations.class);
    sqs = infra.sqsClient();
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void onlyTheEventTheDatabaseRefusesIsDeadLetteredAndTheRestOfItsBatchIsAppliedOnce() {
    SqsQueue deadLetters = infrastructure.queue("bisect-dlq");
    TallyProjection projection = new TallyProjection("it.bisect", deadLetters.name(), transactions);
    String tenant = "t-" + UUID.randomUUID();
    List<String> events = new ArrayList<>();
    for (int amount = 1; amount <= 9; amount++) {
      events.add(TallyProjection.cloudEvent(UUID.randomUUID().toString(), tenant, amount));
    }
    String poisonId = UUID.randomUUID().toString();
    // Sixth of ten: the running total is 15 there, so -100 takes it below zero.
    events.add(5, TallyProjection.cloudEvent(poisonId, tenant, -100));

    KafkaBatchResult result = consumer.consume(ConsumerDeliveries.kafkaBatch(events), projection);

    assertThat(result.applied()).isEqualTo(9);
    assertThat(result.deadLettered()).isEqualTo(1);
    assertThat(result.duplicates()).isZero();
    assertThat(projection.total(tenant)).isEqualTo(45);
    List<Message> letters = receive(deadLetters.url(), 2, Duration.ofSeconds(5));
    assertThat(letters).hasSize(1);
    Message letter = letters.get(0);
    assertThat(letter.body()).contains(poisonId);
    assertThat(attribute(letter, "reason")).isEqualTo("apply-failed");
    assertThat(attribute(letter, "detail")).contains("tally_never_negative");
    assertThat(attribute(letter, "consumer")).isEqualTo("it.bisect");
    assertThat(attribute(letter, "topic")).isEqualTo("tally");
    assertThat(attribute(letter, "offset")).isEqualTo("5");

    // The batch delivered again (a retry after a later failure, say) changes nothing.
    KafkaBatchResult again =
        consumer.consume(ConsumerDeliveries.kafkaBatch(events.subList(0, 5)), projection);
    assertThat(again.applied()).isZero();
    assertThat(again.duplicates()).isEqualTo(5);
    assertThat(projection.total(tenant)).isEqualTo(45);
  }

  @Test
  void aBatchWhoseEveryEventFailsAloneIsRetriedNotDeadLettered() {
    SqsQueue deadLetters = infrastructure.queue("systemic-dlq");
    TallyProjection projection =
        new TallyProjection("it.systemic", deadLetters.name(), transactions);
    List<String> events = new ArrayList<>();
    List<String> tenants = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String tenant = "t-" + UUID.randomUUID();
      tenants.add(tenant);
      events.add(TallyProjection.cloudEvent(UUID.randomUUID().toString(), tenant, -1));
    }

    Throwable failure =
        catchThrowable(() -> consumer.consume(ConsumerDeliveries.kafkaBatch(events), projection));

    assertThat(failure).as("the batch fails, so it is delivered again").isNotNull();
    assertThat(receive(deadLetters.url(), 1, Duration.ofSeconds(3))).isEmpty();
    assertThat(tenants).allSatisfy(t -> assertThat(projection.total(t)).isNull());
  }

  private static List<Message> receive(String url, int count, Duration within) {
    return ConsumerDeliveries.receive(sqs, url, count, within);
  }

  private static String attribute(Message message, String name) {
    var value = message.messageAttributes().get(name);
    return value == null ? null : value.stringValue();
  }
}
