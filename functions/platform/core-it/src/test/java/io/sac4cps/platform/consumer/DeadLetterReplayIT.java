package io.sac4cps.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.EmbeddedKafkaBroker;
import io.sac4cps.embedded.QueueSettings;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.KafkaEvents;
import io.sac4cps.testkit.lambda.SqsEvents;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * {@link DeadLetterReplay} against the real broker, ElasticMQ and PostgreSQL (decision 0059): a
 * consumer dead-letters what it cannot apply; once the cause is gone the command puts the letters
 * back, the consumer applies them, and the dead-letter queue is empty. Each case runs the command's
 * arguments as {@code main} does, on the embedded ElasticMQ's client.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS, Service.KAFKA})
class DeadLetterReplayIT {
  private static Infrastructure infrastructure;
  private static ApplicationContext context;
  private static KafkaEventConsumer kafkaConsumer;
  private static SqsEventConsumer sqsConsumer;
  private static TransactionOperations<Connection> transactions;
  private static SqsClient sqs;
  private static KafkaProducer<String, String> producer;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start(Infrastructure infra) {
    infrastructure = infra;
    Map<String, Object> properties = new HashMap<>(infra.properties());
    properties.put("flyway.datasources.default.enabled", true);
    context = ApplicationContext.run(properties);
    kafkaConsumer = context.getBean(KafkaEventConsumer.class);
    sqsConsumer = context.getBean(SqsEventConsumer.class);
    transactions = context.getBean(TransactionOperations.class);
    sqs = infra.sqsClient();
    producer = EmbeddedKafkaBroker.stringProducer(infra.kafkaBootstrapServers());
  }

  @AfterAll
  static void stop() {
    producer.close();
    context.close();
  }

  @Test
  void aRecordSetAsideByTheConsumerIsProducedAgainUnderItsKeyAndAppliedOnce() throws Exception {
    String topic = infrastructure.kafkaTopic("replay-records", 3);
    SqsQueue deadLetters = infrastructure.queue("replay-records-dlq");
    TallyProjection projection =
        new TallyProjection("it.replay-records", deadLetters.name(), transactions);
    String healthy = "t-" + UUID.randomUUID();
    String failing = "t-" + UUID.randomUUID();
    String failingId = UUID.randomUUID().toString();
    try (Reader reader = new Reader(topic)) {
      produce(topic, "k-1", TallyProjection.cloudEvent(UUID.randomUUID().toString(), healthy, 2));
      produce(topic, "k-2", TallyProjection.cloudEvent(failingId, failing, 5));
      produce(topic, "k-3", TallyProjection.cloudEvent(UUID.randomUUID().toString(), healthy, 3));
      projection.unavailable.add(failing);

      KafkaBatchResult first = kafkaConsumer.consume(reader.poll(3), projection);

      assertThat(first.applied()).isEqualTo(2);
      assertThat(first.deadLettered()).isEqualTo(1);
      assertThat(projection.total(failing)).isNull();

      projection.unavailable.remove(failing); // the cause is fixed
      replay("--dlq", deadLetters.url(), "--to-topic", topic);

      List<ConsumerRecord<String, String>> again = reader.records(1);
      assertThat(again.get(0).key()).isEqualTo("k-2");
      assertThat(again.get(0).value()).contains(failingId);
      KafkaBatchResult replayed = kafkaConsumer.consume(reader.event(again), projection);
      assertThat(replayed.applied()).isEqualTo(1);
      assertThat(projection.total(failing)).isEqualTo(5);
      assertThat(projection.total(healthy)).isEqualTo(5);
      assertThat(receive(deadLetters.url(), Duration.ofSeconds(2))).isEmpty();
    }
  }

  @Test
  void aBatchThatRanOutOfRetriesIsReadAgainFromItsOffsetsAndAppliedOnce() throws Exception {
    String topic = infrastructure.kafkaTopic("replay-offsets", 1);
    SqsQueue deadLetters = infrastructure.queue("replay-offsets-dlq");
    TallyProjection projection =
        new TallyProjection("it.replay-offsets", deadLetters.name(), transactions);
    String tenant = "t-" + UUID.randomUUID();
    try (Reader reader = new Reader(topic)) {
      for (int amount = 1; amount <= 4; amount++) {
        produce(
            topic, "k", TallyProjection.cloudEvent(UUID.randomUUID().toString(), tenant, amount));
      }
      List<ConsumerRecord<String, String>> lost = reader.records(4);
      // The first two were applied before the batch of four ran out of its retries (age); the
      // mapping's on-failure record names only offsets, as Lambda's does.
      kafkaConsumer.consume(reader.event(lost.subList(0, 2)), projection);
      String onFailure =
          "{\"requestContext\":{\"condition\":\"RecordAgeExceeded\"},\"version\":\"1.0\","
              + "\"KafkaBatchInfo\":{\"batchSize\":4,\"recordsInfo\":{\""
              + topic
              + "-0\":{\"firstRecordOffset\":"
              + lost.get(0).offset()
              + ",\"lastRecordOffset\":"
              + lost.get(3).offset()
              + "}}}}";
      sqs.sendMessage(b -> b.queueUrl(deadLetters.url()).messageBody(onFailure));

      replay("--dlq", deadLetters.url(), "--to-topic", topic);

      List<ConsumerRecord<String, String>> again = reader.records(4);
      assertThat(again)
          .extracting(ConsumerRecord::value)
          .containsExactlyElementsOf(lost.stream().map(ConsumerRecord::value).toList());
      KafkaBatchResult replayed = kafkaConsumer.consume(reader.event(again), projection);
      assertThat(replayed.applied()).isEqualTo(2);
      assertThat(replayed.duplicates()).isEqualTo(2);
      assertThat(projection.total(tenant)).isEqualTo(10);
      assertThat(receive(deadLetters.url(), Duration.ofSeconds(2))).isEmpty();
    }
  }

  @Test
  void anSqsMessageRedrivenToItsDlqGoesBackToItsQueueWithoutTheLetterAttributes() throws Exception {
    SqsQueue queue =
        infrastructure.queue("replay-queue", new QueueSettings(Duration.ofSeconds(2), 1));
    TallyProjection projection =
        new TallyProjection("it.replay-queue", queue.name() + "-dlq", transactions);
    String tenant = "t-" + UUID.randomUUID();
    String event = TallyProjection.cloudEvent(UUID.randomUUID().toString(), tenant, 7);
    // A message that ends in the DLQ through the queue's redrive, and a letter the consumer wrote.
    sqs.sendMessage(
        b ->
            b.queueUrl(queue.deadLetterUrl())
                .messageBody(event)
                .messageAttributes(
                    Map.of(
                        "reason", text("apply-failed"),
                        "traceparent",
                            text("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))));

    replay("--dlq", queue.deadLetterUrl(), "--to-queue", queue.url());

    List<Message> back = receive(queue.url(), Duration.ofSeconds(5));
    assertThat(back).extracting(Message::body).containsExactly(event);
    assertThat(back.get(0).messageAttributes()).containsOnlyKeys("traceparent");
    assertThat(
            sqsConsumer
                .consume(SqsEvents.received(queue.arn(), back), projection)
                .getBatchItemFailures())
        .isEmpty();
    assertThat(projection.total(tenant)).isEqualTo(7);
    assertThat(receive(queue.deadLetterUrl(), Duration.ofSeconds(2))).isEmpty();
  }

  // ---------------------------------------------------------------- fixtures

  private static void replay(String... args) {
    List<String> command = new ArrayList<>(List.of(args));
    if (command.contains("--to-topic")) {
      command.addAll(List.of("--bootstrap-servers", infrastructure.kafkaBootstrapServers()));
    }
    DeadLetterReplay replay = new DeadLetterReplay(sqs, context.getBean(JsonMapper.class));
    assertThat(DeadLetterReplay.run(replay, command.toArray(String[]::new))).isZero();
  }

  private static void produce(String topic, String key, String value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  /** The first message(s) to arrive within {@code within}: the tests expect one or none. */
  private static List<Message> receive(String url, Duration within) {
    return ConsumerDeliveries.receive(sqs, url, 1, within);
  }

  /** Reads the topic as the event-source mapping does and shapes records into a KafkaEvent. */
  private static final class Reader implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;

    Reader(String topic) {
      Properties config = new Properties();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
      config.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-" + UUID.randomUUID());
      config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      consumer = new KafkaConsumer<>(config);
      consumer.subscribe(List.of(topic));
    }

    List<ConsumerRecord<String, String>> records(int expected) {
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      assertThat(records).as("records polled").hasSize(expected);
      return records;
    }

    KafkaEvent poll(int expected) {
      return event(records(expected));
    }

    KafkaEvent event(List<ConsumerRecord<String, String>> records) {
      KafkaEvents.Event event = KafkaEvents.selfManaged(infrastructure.kafkaBootstrapServers());
      for (ConsumerRecord<String, String> record : records) {
        event.record(
            KafkaEvents.record(record.topic(), record.partition(), record.key(), record.value())
                .offset(record.offset()));
      }
      return event.build();
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
