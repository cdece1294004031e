package io.sac4cps.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.EmbeddedSqsServer;
import io.sac4cps.embedded.LocalAwsAccount;
import io.sac4cps.platform.resilience.Breaker;
import io.sac4cps.platform.resilience.CircuitBreakers;
import io.sac4cps.platform.resilience.DependencyUnavailable;
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
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The dead-letter breaker against a real SQS server (ElasticMQ, this class's own) that is stopped
 * and started again: a Kafka batch with a poison record cannot dead-letter it, so the batch fails
 * and is delivered again rather than acknowledged; after two such failures the breaker opens and
 * the redeliveries fail fast without calling SQS; once SQS is back and the open period is over, the
 * redelivered batch dead-letters the record once and its good event counts once.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES})
class DeadLetterBreakerIT {
  private static final Duration OPEN_FOR = Duration.ofSeconds(2);
  private static final String LETTERS = "breaker-letters";

  private static EmbeddedSqsServer sqs;
  private static ApplicationContext context;
  private static KafkaEventConsumer consumer;
  private static TransactionOperations<Connection> transactions;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start(Infrastructure infra) {
    sqs = EmbeddedSqsServer.start();
    sqs.createQueue(LETTERS);
    Map<String, Object> properties = new HashMap<>(infra.properties());
    properties.put("flyway.datasources.default.enabled", true);
    properties.put("micronaut.application.name", "dead-letter-breaker-it");
    properties.putAll(LocalAwsAccount.properties());
    properties.put("aws.services.sqs.endpoint-override", sqs.endpoint().toString());
    properties.put("sac4cps.aws.attempt-timeout", "300ms");
    properties.put("sac4cps.aws.call-timeout", "1s");
    properties.put("sac4cps.breakers.aws_sqs_dead_letters.open-for", OPEN_FOR.toString());
    context = ApplicationContext.run(properties);
    consumer = context.getBean(KafkaEventConsumer.class);
    transactions = context.getBean(TransactionOperations.class);
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
    if (sqs != null) {
      sqs.close();
    }
  }

  @Test
  void whileSqsIsDownAPoisonedBatchFailsFastAndIsDeadLetteredOnceWhenSqsReturns() throws Exception {
    TallyProjection projection = new TallyProjection("it.breaker", LETTERS, transactions);
    String tenant = "t-" + UUID.randomUUID();
    String good = UUID.randomUUID().toString();
    List<String> batch =
        List.of(TallyProjection.cloudEvent(good, tenant, 7), "{\"not\":\"a cloud event\"");
    Breaker breaker =
        context.getBean(CircuitBreakers.class).find("aws_sqs_dead_letters").orElseThrow();

    sqs.stop();
    List<Throwable> failures = new ArrayList<>();
    long[] failFast = new long[1];
    try {
      // Lambda redelivers a batch that threw; each delivery here is one.
      while (breaker.state() == Breaker.State.CLOSED && failures.size() < 5) {
        failures.add(catchThrowable(() -> consumer.consume(kafkaBatch(batch), projection)));
      }
      assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
      long started = System.nanoTime();
      Throwable refused = catchThrowable(() -> consumer.consume(kafkaBatch(batch), projection));
      failFast[0] = (System.nanoTime() - started) / 1_000_000;
      assertThat(refused).isInstanceOf(DependencyUnavailable.class);
      assertThat(TransientFailure.causes(refused)).as("retried, never dead-lettered").isTrue();
    } finally {
      sqs.restart();
    }
    assertThat(failures)
        .as("each delivery failed instead of being acknowledged")
        .hasSize(2)
        .allSatisfy(f -> assertThat(TransientFailure.causes(f)).isTrue());
    assertThat(projection.total(tenant)).as("the good event counted once so far").isEqualTo(7);

    // ElasticMQ keeps its queues in memory: the restarted server gets it again, as a deploy would.
    sqs.createQueue(LETTERS);
    Thread.sleep(OPEN_FOR.toMillis() + 100);
    KafkaBatchResult result = consumer.consume(kafkaBatch(batch), projection);

    assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
    assertThat(result.deadLettered()).isEqualTo(1);
    assertThat(result.duplicates()).as("applied by the first delivery").isEqualTo(1);
    assertThat(projection.total(tenant)).isEqualTo(7);
    List<Message> letters =
        ConsumerDeliveries.receive(
            sqs.client(),
            sqs.client().getQueueUrl(b -> b.queueName(LETTERS)).queueUrl(),
            2,
            Duration.ofSeconds(3));
    assertThat(letters).as("nothing lost, nothing twice").hasSize(1);
    assertThat(letters.get(0).body()).contains("not");
    assertThat(failFast[0]).as("a refused delivery, ms").isLessThan(500);
  }

  private static com.amazonaws.services.lambda.runtime.events.KafkaEvent kafkaBatch(
      List<String> events) {
    return ConsumerDeliveries.kafkaBatch(events);
  }
}
