package io.sac4cps.testkit.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sac4cps.contracts.events.TaskProgressReported;
import io.sac4cps.contracts.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code task.progress-reported.v1} from Kafka {@link Topics#TASK_REPORTS} as tasks would,
 * for tests playing the tasks side: every report since the topic began, by task id (the record
 * key). Creates the topic (3 partitions, as in the wiring) when it does not exist yet.
 */
public final class TaskReportsReader implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FINAL =
      Set.of(
          TaskProgressReported.SUCCEEDED,
          TaskProgressReported.FAILED,
          TaskProgressReported.CANCELLED);

  private final KafkaConsumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

  public TaskReportsReader(String bootstrapServers) {
    createTopic(bootstrapServers);
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(properties);
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.TASK_REPORTS, Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** The reports of {@code taskId} received so far (polling once), in the order of the topic. */
  public synchronized List<JsonNode> of(String taskId) {
    poll(Duration.ofMillis(200));
    List<JsonNode> reports = new ArrayList<>();
    for (ConsumerRecord<String, String> record : records) {
      if (taskId.equals(record.key())) {
        try {
          reports.add(JSON.readTree(record.value()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return reports;
  }

  /** Waits until {@code taskId}'s reports satisfy {@code condition}; returns them either way. */
  public List<JsonNode> await(String taskId, Predicate<List<JsonNode>> condition, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    List<JsonNode> reports = of(taskId);
    while (!condition.test(reports) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      reports = of(taskId);
    }
    return reports;
  }

  /** Waits for {@code taskId}'s final report (succeeded, failed or cancelled). */
  public List<JsonNode> awaitFinal(String taskId, Duration within) throws InterruptedException {
    return await(taskId, r -> r.stream().anyMatch(TaskReportsReader::isFinal), within);
  }

  /** The states of the reports, in order. */
  public static List<String> states(List<JsonNode> reports) {
    return reports.stream().map(r -> r.get("data").get("state").asText()).toList();
  }

  public static boolean isFinal(JsonNode report) {
    return FINAL.contains(report.get("data").get("state").asText());
  }

  private void poll(Duration timeout) {
    consumer.poll(timeout).forEach(records::add);
  }

  private static void createTopic(String bootstrapServers) {
    try (Admin admin =
        Admin.create(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(Topics.TASK_REPORTS, 3, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create " + Topics.TASK_REPORTS, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
