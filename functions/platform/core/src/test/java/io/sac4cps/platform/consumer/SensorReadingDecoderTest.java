package io.sac4cps.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SensorReadingDecoderTest {
  /** A consumer's metrics (rooms' and analytics' have these six). */
  enum Metric {
    TEMPERATURE,
    HUMIDITY,
    CO2,
    OCCUPANCY,
    ENERGY,
    LIGHT;

    static Optional<Metric> fromWire(String name) {
      return Arrays.stream(values()).filter(m -> m.name().equalsIgnoreCase(name)).findFirst();
    }
  }

  private final JsonMapper json = JsonMapper.createDefault();
  private final SensorReadingDecoder decoder = new SensorReadingDecoder();

  @Test
  void decodesTheContractSample() throws Exception {
    JsonNode sample;
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/contracts/events/sensor.reading.recorded/samples/v1-temperature.json")) {
      sample = json.readValue(in, JsonNode.class);
    }

    SensorReadingDecoder.Decoded<Metric> reading =
        decoder.decode(
            event("sensor.reading.recorded.v1", "t-acme", sample.get("data")), Metric::fromWire);

    assertThat(reading.tenantId()).isEqualTo("t-acme");
    assertThat(reading.roomId()).isEqualTo("room-101");
    assertThat(reading.metric()).isEqualTo(Metric.TEMPERATURE);
    assertThat(reading.value()).isEqualTo(21.75);
    assertThat(reading.timestamp()).isEqualTo(Instant.parse("2025-03-04T09:15:00Z"));
  }

  @Test
  void anUnknownVersionIsPoison() throws Exception {
    assertThatThrownBy(
            () ->
                decoder.decode(
                    event("sensor.reading.recorded.v9", "t", data("{}")), Metric::fromWire))
        .isInstanceOfSatisfying(
            PoisonRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(PoisonReason.UNKNOWN_TYPE));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"roomId\":\"r\",\"type\":\"co2\",\"unit\":\"ppm\",\"value\":1,\"timestamp\":\"2025-03-04T09:15:00Z\"}",
        "{\"sensorId\":\"s\",\"roomId\":\"r\",\"type\":\"pressure\",\"unit\":\"hPa\",\"value\":1,\"timestamp\":\"2025-03-04T09:15:00Z\"}",
        "{\"sensorId\":\"s\",\"roomId\":\"r\",\"type\":\"co2\",\"unit\":\"ppm\",\"value\":\"high\",\"timestamp\":\"2025-03-04T09:15:00Z\"}",
        "{\"sensorId\":\"s\",\"roomId\":\"r\",\"type\":\"co2\",\"unit\":\"ppm\",\"value\":1,\"timestamp\":\"noon\"}",
        "{\"sensorId\":\"s\",\"roomId\":\"\",\"type\":\"co2\",\"unit\":\"ppm\",\"value\":1,\"timestamp\":\"2025-03-04T09:15:00Z\"}",
        "{\"sensorId\":\"s\",\"roomId\":\"r\",\"tenantId\":\"other\",\"type\":\"co2\",\"unit\":\"ppm\",\"value\":1,\"timestamp\":\"2025-03-04T09:15:00Z\"}",
      })
  void dataThatBreaksTheSchemaIsPoison(String data) throws Exception {
    assertThatThrownBy(
            () ->
                decoder.decode(
                    event("sensor.reading.recorded.v1", "t", data(data)), Metric::fromWire))
        .isInstanceOfSatisfying(
            PoisonRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(PoisonReason.SCHEMA_INVALID));
  }

  private JsonNode data(String text) throws Exception {
    return json.readValue(text, JsonNode.class);
  }

  private static InboundEvent event(String type, String tenant, JsonNode data) {
    return new InboundEvent("e-1", "/sac4cps/sensors", type, "s", tenant, Instant.now(), data);
  }
}
