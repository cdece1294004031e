package io.sac4cps.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micronaut.core.type.Argument;
import io.sac4cps.contracts.events.EventContractFiles.Sample;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventRecordsTest {

  private static final io.micronaut.serde.ObjectMapper SERDE =
      io.micronaut.serde.ObjectMapper.getDefault();
  private static final ObjectMapper JACKSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  // 820 and 820.0 are the same reading; the records hold doubles.
  private static final Comparator<JsonNode> SAME_VALUE =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  static List<Sample> samples() {
    return EventContractFiles.samples();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleRoundTripsThroughMicronautSerde(Sample sample) throws IOException {
    JsonNode original = sample.json();
    Argument<CloudEvent<Object>> type = serdeType(original);

    CloudEvent<Object> event = SERDE.readValue(original.toString(), type);
    JsonNode written = EventContractFiles.JSON.readTree(SERDE.writeValueAsString(type, event));

    assertThat(event.data()).isInstanceOf(dataClass(original));
    assertThat(written.equals(SAME_VALUE, original))
        .as("written %s%n   sample %s", written, original)
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleRoundTripsThroughPlainJackson(Sample sample) throws IOException {
    JsonNode original = sample.json();
    JavaType type =
        JACKSON.getTypeFactory().constructParametricType(CloudEvent.class, dataClass(original));

    CloudEvent<?> event = JACKSON.readValue(original.toString(), type);
    JsonNode written = JACKSON.readTree(JACKSON.writeValueAsString(event));

    assertThat(event.data()).isInstanceOf(dataClass(original));
    assertThat(written.equals(SAME_VALUE, original))
        .as("written %s%n   sample %s", written, original)
        .isTrue();
  }

  @Test
  void newEventFromTheFactoryIsAValidEnvelopeAndData() throws IOException {
    CloudEvent<TaskStatusChanged> event =
        CloudEvent.of(
            TaskStatusChanged.TYPE,
            "tasks",
            "task-1",
            "t-acme",
            new TaskStatusChanged(
                "task-1",
                "sensor-data-export",
                TaskStatusChanged.PENDING,
                null,
                1,
                "u-1",
                Instant.now(),
                0,
                null,
                null));

    JsonNode json = EventContractFiles.JSON.readTree(SERDE.writeValueAsString(event));

    assertThat(EventContractFiles.validate(EventContractFiles.envelope(), json)).isEmpty();
    assertThat(json.get("source").asText()).isEqualTo("/sac4cps/tasks");
    assertThat(json.get("data").has("previousStatus")).isTrue();
    assertThat(json.get("data").get("previousStatus").isNull()).isTrue();
    assertThat(json.has("dataschema")).isFalse();
  }

  @Test
  void typeConstantsAreTheWireTypes() {
    assertThat(
            List.of(
                SensorReadingRecorded.TYPE,
                AlertRaised.TYPE,
                AlertResolved.TYPE,
                AlertAcknowledged.TYPE,
                UserRegistered.TYPE,
                TaskStatusChanged.TYPE,
                TaskRunRequested.TYPE,
                TaskCancelRequested.TYPE,
                TaskProgressReported.TYPE,
                RoomChanged.TYPE))
        .containsExactly(
            "sensor.reading.recorded.v1",
            "alert.raised.v1",
            "alert.resolved.v1",
            "alert.acknowledged.v1",
            "user.registered.v1",
            "task.status-changed.v1",
            "task.run-requested.v1",
            "task.cancel-requested.v1",
            "task.progress-reported.v1",
            "room.changed.v1");
  }

  @SuppressWarnings("unchecked")
  private static Argument<CloudEvent<Object>> serdeType(JsonNode event) {
    return (Argument<CloudEvent<Object>>)
        (Argument<?>) Argument.of(CloudEvent.class, dataClass(event));
  }

  private static Class<?> dataClass(JsonNode event) {
    String type = event.get("type").asText();
    return EventCatalog.dataClass(type)
        .orElseThrow(() -> new AssertionError("No record for " + type));
  }
}
