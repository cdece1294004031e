package io.sac4cps.sensors.priming;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.events.Topics;
import io.sac4cps.platform.priming.StartupKafkaAdminClient;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.snapshot.SnapshotCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Decision 0072: sensors' priming runs the outbox's Kafka send path to the end against a broker of
 * its own JVM (SnapshotCheck fails if a primer did not get its acknowledgement), and the real
 * broker never sees a priming record; micronaut-kafka's startup admin client is closed before the
 * checkpoint.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class OutboxSendPrimingIT {

  @Test
  void primingSendsNothingToTheRealBrokerAndClosesTheAdminClient(Infrastructure infrastructure)
      throws Exception {
    try (PrimingSensors primed = PrimingSensors.start(infrastructure, "s-1")) {
      ApiFunction sensors = primed.sensors();
      String admin = primed.admin();
      String tenant = primed.tenant();

      // The Lambda handler builds its singletons eagerly, micronaut-kafka's admin client among
      // them; the test harness builds them on demand, so it is asked for here, as the handler's
      // context start would. It connects: its I/O thread runs.
      assertThat(sensors.bean(AdminClient.class)).isNotNull();
      assertThat(adminClientThreads()).as("admin clients before the checkpoint").isNotEmpty();

      SnapshotCheck.checkpointAndRestore(sensors, infrastructure.database(), "sensors");

      assertThat(sensors.bean(StartupKafkaAdminClient.class).closedAtCheckpoint())
          .as("the admin client micronaut-kafka made at startup, closed at the checkpoint")
          .isEqualTo(1);
      // After the restore: this reading's event is on the real topic, the priming records are not.
      assertThat(
              sensors
                  .post(
                      "/sensors/data",
                      admin,
                      "{\"sensorId\":\"s-1\",\"timestamp\":\"2026-03-01T00:00:00Z\",\"value\":400}")
                  .status())
          .isEqualTo(202);
      List<String> values = topicValues(infrastructure, tenant);
      assertThat(values)
          .as("this tenant's reading after the restore")
          .anyMatch(v -> v.contains("\"tenantid\":\"" + tenant + "\""));
      assertThat(values)
          .as("records priming sent (to its own broker only)")
          .noneMatch(v -> v.contains("\"type\":\"priming\""));
    }
  }

  private static List<String> adminClientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("kafka-admin-client-thread"))
        .toList();
  }

  /** Every value on sensor.readings, read until this tenant's event was seen and 2 s more. */
  private static List<String> topicValues(Infrastructure infrastructure, String tenant) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            infrastructure.kafkaBootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.SENSOR_READINGS));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      long settleUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settleUntil)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
          if (record.value().contains("\"tenantid\":\"" + tenant + "\"")
              && settleUntil == Long.MAX_VALUE) {
            settleUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
          }
        }
      }
    }
    return values.stream().filter(v -> v.contains(tenant) || v.contains("priming")).toList();
  }
}
