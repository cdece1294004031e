package io.sac4cps.tasks;

import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sac4cps.contracts.events.Topics;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.tasks.events.TaskReportProjection;
import io.sac4cps.tasks.events.TaskReportsHandler;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.SharedServers;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.KafkaEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The tasks function on real servers, with the owners' side of the protocol played by the test:
 * work read from the owners' SQS queues, reports produced to a real Kafka topic and handed to
 * {@link TaskReportsHandler} as Lambda's event source mapping does, and task.status-changed.v1 read
 * back from Kafka {@code task.events}, each checked against its schema.
 */
public final class TaskHarness implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  public final ApiFunction tasks;
  public final TaskCalls api;
  public final SqsQueue sensorsWork;
  public final SqsQueue reportsDeadLetters;
  private final Infrastructure infrastructure;
  private final TaskReportsHandler reportsHandler;
  private final String reportsTopic;
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> reports;
  private final KafkaConsumer<String, String> events;

  public TaskHarness(Infrastructure infrastructure) {
    this.infrastructure = infrastructure;
    SharedServers.kafka().createTopic(Topics.TASK_EVENTS, 3);
    reportsTopic = infrastructure.kafkaTopic(Topics.TASK_REPORTS, 3);
    sensorsWork = infrastructure.queue("sensors-task-work");
    SqsQueue roomsWork = infrastructure.queue("rooms-task-work");
    reportsDeadLetters = infrastructure.queue(TaskReportProjection.DEAD_LETTER_QUEUE);
    ApiFunction.Builder builder =
        ApiFunction.builder("tasks")
            .properties(infrastructure.properties())
            .property("sac4cps.sqs.queue-urls.sensors-task-work", sensorsWork.url())
            .property("sac4cps.sqs.queue-urls.rooms-task-work", roomsWork.url())
            .property(
                "sac4cps.sqs.queue-urls." + TaskReportProjection.DEAD_LETTER_QUEUE,
                reportsDeadLetters.url());
    if (infrastructure.services().contains(io.sac4cps.testkit.Service.S3)) {
      builder.property("sac4cps.s3.buckets.reports", infrastructure.bucket());
    }
    tasks = builder.start();
    api = new TaskCalls(tasks);
    reportsHandler = new TaskReportsHandler(tasks.context());

    Properties producerConfig = new Properties();
    producerConfig.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producer = new KafkaProducer<>(producerConfig);
    reports = consumer(reportsTopic);
    events = consumer(Topics.TASK_EVENTS);
  }

  private KafkaConsumer<String, String> consumer(String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "tasks-it-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  public static String tenant() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  // ---------------------------------------------------------------- the owner's side

  /**
   * The CloudEvents on an owner's work queue for {@code taskId}, at least {@code expected}, each
   * checked against its schema. Every message read is deleted and kept for later calls.
   */
  public List<JsonNode> work(SqsQueue queue, String taskId, int expected) {
    List<JsonNode> found = List.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (found.size() < expected && System.nanoTime() < deadline) {
      for (Message message :
          infrastructure
              .sqsClient()
              .receiveMessage(
                  r -> r.queueUrl(queue.url()).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        JsonNode event = read(message.body());
        work.computeIfAbsent(event.get("subject").asText(), k -> new ArrayList<>()).add(event);
        infrastructure
            .sqsClient()
            .deleteMessage(r -> r.queueUrl(queue.url()).receiptHandle(message.receiptHandle()));
      }
      found = work.getOrDefault(taskId, List.of());
    }
    assertThat(found).as("work for " + taskId + " on " + queue.name()).hasSize(expected);
    found.forEach(event -> assertMatchesEventContract(event));
    return List.copyOf(found);
  }

  private final Map<String, List<JsonNode>> work = new java.util.concurrent.ConcurrentHashMap<>();

  /** A task.progress-reported.v1 CloudEvent; {@code extra} are more data members, as JSON. */
  public static String report(
      String tenant, String taskId, String state, int attempt, long sequence, String extra) {
    return """
        {"specversion":"1.0","id":"%s","source":"/sac4cps/sensors","type":"task.progress-reported.v1",
         "time":"%s","subject":"%s","datacontenttype":"application/json","tenantid":"%s",
         "data":{"taskId":"%s","kind":"sensor-data-export","state":"%s","attempt":%d,"sequence":%d,
                 "at":"%s"%s}}
        """
        .formatted(
            UUID.randomUUID(),
            Instant.now(),
            taskId,
            tenant,
            taskId,
            state,
            attempt,
            sequence,
            Instant.now(),
            extra.isEmpty() ? "" : "," + extra);
  }

  /** Produces reports (checked against their schema) to the real broker, keyed by task id. */
  public void publish(String... reportEvents) {
    try {
      for (String value : reportEvents) {
        JsonNode event = read(value);
        assertMatchesEventContract(event);
        producer
            .send(new ProducerRecord<>(reportsTopic, event.at("/data/taskId").asText(), value))
            .get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code expected} reports as the event source mapping does. */
  public KafkaEvent pollReports(int expected) {
    KafkaEvents.Event event = KafkaEvents.selfManaged(infrastructure.kafkaBootstrapServers());
    int received = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (received < expected && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> record : reports.poll(Duration.ofMillis(200))) {
        event.record(
            KafkaEvents.record(record.topic(), record.partition(), record.key(), record.value())
                .offset(record.offset()));
        received++;
      }
    }
    assertThat(received).as("reports polled").isEqualTo(expected);
    return event.build();
  }

  /** Hands a batch to the task.reports consumer Lambda; its answer, e.g. applied=3. */
  public String deliver(KafkaEvent batch) {
    return reportsHandler.handleRequest(batch, LocalLambdaContext.of("tasks-task-reports"));
  }

  /** Publishes the reports and delivers them in one batch. */
  public String reportAndDeliver(String... reportEvents) {
    publish(reportEvents);
    return deliver(pollReports(reportEvents.length));
  }

  /** The data members of a succeeded report with a result file. */
  public static String resultWithFile(String key, String name, long size) {
    return """
        "progress":{"done":%d,"total":%d},"result":{"summary":"%d readings","file":{"key":"%s",\
        "name":"%s","contentType":"text/csv","sizeBytes":%d}}"""
        .formatted(size, size, size, key, name, size);
  }

  /** Stores a result file as the owner would, in the reports bucket. */
  public void storeFile(String tenant, String name, byte[] content) {
    tasks
        .bean(io.sac4cps.platform.storage.Buckets.class)
        .named("reports")
        .put(io.sac4cps.platform.storage.ObjectKey.of(tenant, name), content, "text/csv");
  }

  // ---------------------------------------------------------------- task.events

  /**
   * The task.status-changed.v1 events of {@code taskId} on Kafka task.events, at least {@code
   * expected} of them, each checked against the schema; in partition (= publication) order.
   */
  public List<JsonNode> statusEvents(String taskId, int expected) {
    List<JsonNode> found = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (found.size() < expected && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
        seen.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(read(record.value()));
      }
      found = seen.getOrDefault(taskId, List.of());
    }
    assertThat(found).as("task.events of " + taskId).hasSizeGreaterThanOrEqualTo(expected);
    for (JsonNode event : found) {
      assertMatchesEventContract(event);
      assertThat(event.get("subject").asText()).isEqualTo(taskId);
    }
    return List.copyOf(found);
  }

  private final Map<String, List<JsonNode>> seen = new java.util.concurrent.ConcurrentHashMap<>();

  public static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    events.close();
    reports.close();
    producer.close();
    tasks.close();
  }
}
