package io.sac4cps.sensors.events;

import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.json.JsonMapper;
import io.sac4cps.contracts.events.SensorReadingRecorded;
import io.sac4cps.contracts.events.Topics;
import io.sac4cps.platform.outbox.OutboxRelay;
import io.sac4cps.sensors.AnnouncedRooms;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.SharedServers;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accepted readings become sensor.reading.recorded.v1 events on Kafka, keyed by sensor, exactly
 * once per reading — also when the broker was down while they were accepted.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class ReadingEventsIT {
  private static ApiFunction sensors;
  private static Infrastructure infrastructure;
  private final String tenant = "tenant-" + UUID.randomUUID();
  private final String admin = TestTokens.token("admin-1", tenant, "admin");

  @BeforeAll
  static void start(Infrastructure infra) {
    infrastructure = infra;
    SharedServers.kafka().createTopic(Topics.SENSOR_READINGS, 3);
    sensors = ApiFunction.builder("sensors").properties(infra.properties()).start();
  }

  @AfterAll
  static void stop() {
    sensors.close();
  }

  @Test
  void eachAcceptedReadingIsPublishedOnceKeyedBySensor() throws Exception {
    register("ev-1", "temperature");
    var first =
        sensors.post(
            "/sensors/data", admin, batch("ev-1", Instant.parse("2026-04-01T00:00:00Z"), 5));
    assertThat(first.jsonMap()).containsEntry("accepted", 5);
    var again =
        sensors.post(
            "/sensors/data", admin, batch("ev-1", Instant.parse("2026-04-01T00:00:00Z"), 5));
    assertThat(again.jsonMap()).containsEntry("duplicates", 5);
    // Published by the request itself, right after its commit.
    assertThat(sensors.bean(OutboxRelay.class).pending()).isZero();

    List<ConsumerRecord<String, String>> records = consumeTenant(5);
    assertThat(records).hasSize(5).allSatisfy(r -> assertThat(r.key()).isEqualTo("ev-1"));
    records.forEach(
        r -> {
          try {
            assertMatchesEventContract(new ObjectMapper().readTree(r.value()));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    Map<String, Object> event = json().readValue(records.get(0).value(), Map.class);
    assertThat(event)
        .containsEntry("type", SensorReadingRecorded.TYPE)
        .containsEntry("specversion", "1.0")
        .containsEntry("tenantid", tenant)
        .containsEntry("subject", "ev-1");
    assertThat((Map<String, Object>) event.get("data"))
        .containsEntry("sensorId", "ev-1")
        .containsEntry("roomId", "room-1")
        .containsEntry("type", "temperature")
        .containsEntry("timestamp", "2026-04-01T00:00:00Z");
  }

  @Test
  void readingsAcceptedWhileTheBrokerIsDownArePublishedOnceWhenItReturns() throws Exception {
    register("ev-2", "co2");
    SharedServers.kafka().stop();
    try {
      var response =
          sensors.post(
              "/sensors/data", admin, batch("ev-2", Instant.parse("2026-05-01T00:00:00Z"), 20));
      assertThat(response.status()).isEqualTo(202);
      assertThat(response.jsonMap()).containsEntry("accepted", 20);
      assertThat(sensors.bean(OutboxRelay.class).pending()).isEqualTo(20);
    } finally {
      SharedServers.kafka().start();
    }
    // The scheduled relay (OutboxRelayHandler in AWS) drains what the request could not publish.
    assertThat(sensors.bean(OutboxRelay.class).relayPending()).isEqualTo(20);
    assertThat(sensors.bean(OutboxRelay.class).pending()).isZero();

    List<ConsumerRecord<String, String>> records = consumeTenant(20);
    List<String> ids = new ArrayList<>();
    List<String> timestamps = new ArrayList<>();
    for (ConsumerRecord<String, String> record : records) {
      Map<String, Object> event = json().readValue(record.value(), Map.class);
      ids.add((String) event.get("id"));
      timestamps.add((String) ((Map<String, Object>) event.get("data")).get("timestamp"));
    }
    assertThat(ids).doesNotHaveDuplicates().hasSize(20);
    assertThat(timestamps).doesNotHaveDuplicates().hasSize(20);
  }

  private void register(String id, String type) {
    AnnouncedRooms.registerSensor(
        sensors, tenant, admin, Map.of("id", id, "roomId", "room-1", "type", type, "unit", "u"));
  }

  private static String batch(String sensorId, Instant from, int n) {
    StringBuilder body = new StringBuilder("{\"readings\":[");
    for (int i = 0; i < n; i++) {
      body.append(i == 0 ? "" : ",")
          .append(
              "{\"sensorId\":\""
                  + sensorId
                  + "\",\"timestamp\":\""
                  + from.plusSeconds(60L * i)
                  + "\",\"value\":"
                  + (20 + i)
                  + "}");
    }
    return body.append("]}").toString();
  }

  private static JsonMapper json() {
    return sensors.bean(JsonMapper.class);
  }

  /**
   * Reads the whole topic and keeps this test's tenant's events; waits a little past the expected
   * count so that a duplicate would be seen.
   */
  private List<ConsumerRecord<String, String>> consumeTenant(int expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, Object> props = new HashMap<>();
    config.forEach((k, v) -> props.put((String) k, v));
    List<ConsumerRecord<String, String>> mine = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.SENSOR_READINGS));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      long settleUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settleUntil)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value().contains("\"tenantid\":\"" + tenant + "\"")) {
            mine.add(record);
          }
        }
        if (mine.size() >= expected && settleUntil == Long.MAX_VALUE) {
          settleUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return mine;
  }
}
