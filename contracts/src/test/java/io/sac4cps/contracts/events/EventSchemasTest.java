package io.sac4cps.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sac4cps.contracts.events.EventContractFiles.Sample;
import io.sac4cps.contracts.events.EventContractFiles.SchemaVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventSchemasTest {

  static List<Sample> samples() {
    return EventContractFiles.samples();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleIsAValidCloudEventOfItsTypeAndVersion(Sample sample) {
    JsonNode event = sample.json();

    assertThat(EventContractFiles.validate(EventContractFiles.envelope(), event)).isEmpty();
    assertThat(event.get("type").asText()).isEqualTo(sample.eventType() + ".v" + sample.version());
    SchemaVersion own =
        EventContractFiles.schemaVersions().stream()
            .filter(v -> v.eventType().equals(sample.eventType()))
            .filter(v -> v.version() == sample.version())
            .findFirst()
            .orElseThrow(() -> new AssertionError("No schema for " + sample));
    assertThat(EventContractFiles.validate(own.schema(), event.get("data"))).isEmpty();
  }

  /** Consumers upgraded to a newer schema must still accept every event already on the wire. */
  @Test
  void everyOlderSampleValidatesAgainstEveryNewerSchemaOfItsType() {
    assertThat(SchemaEvolution.incompatibilities(samples(), EventContractFiles.schemaVersions()))
        .isEmpty();
  }

  @Test
  void evolutionCheckAcceptsAnAddedOptionalFieldAndRejectsANewRequiredOne() {
    Path fixtures = Path.of("src/test/resources/evolution/sensor.reading.recorded");
    List<Sample> v1Samples =
        samples().stream().filter(s -> s.eventType().equals("sensor.reading.recorded")).toList();
    SchemaVersion compatible =
        new SchemaVersion(
            "sensor.reading.recorded", 2, fixtures.resolve("v2-optional-quality.schema.json"));
    SchemaVersion breaking =
        new SchemaVersion(
            "sensor.reading.recorded", 3, fixtures.resolve("v3-required-quality.schema.json"));

    assertThat(SchemaEvolution.incompatibilities(v1Samples, List.of(compatible))).isEmpty();
    assertThat(SchemaEvolution.incompatibilities(v1Samples, List.of(breaking)))
        .hasSize(v1Samples.size())
        .allMatch(problem -> problem.contains("v3") && problem.contains("quality"));
  }

  @Test
  void everySchemaVersionHasASampleAndARecord() {
    List<SchemaVersion> versions = EventContractFiles.schemaVersions();

    assertThat(versions).extracting(SchemaVersion::wireType).hasSize(10);
    for (SchemaVersion version : versions) {
      assertThat(samples())
          .as("samples of %s", version.wireType())
          .anyMatch(
              s -> s.eventType().equals(version.eventType()) && s.version() == version.version());
    }
    assertThat(EventCatalog.types())
        .containsExactlyInAnyOrderElementsOf(
            versions.stream().map(SchemaVersion::wireType).collect(Collectors.toSet()));
  }

  @Test
  void envelopeRejectsAnEventWithoutTenant() {
    ObjectNode event = (ObjectNode) firstSample().json();
    event.remove("tenantid");

    assertThat(EventContractFiles.validate(EventContractFiles.envelope(), event))
        .extracting(m -> m.getMessage())
        .anyMatch(m -> m.contains("tenantid"));
  }

  @Test
  void envelopeRejectsAWrongSpecVersionAndAMalformedTime() {
    ObjectNode event = (ObjectNode) firstSample().json();
    event.put("specversion", "0.3");
    event.put("time", "yesterday");

    assertThat(EventContractFiles.validate(EventContractFiles.envelope(), event))
        .extracting(m -> m.getInstanceLocation().toString())
        .contains("/specversion", "/time");
  }

  @Test
  void dataSchemaRejectsUnknownFieldsMissingFieldsAndUnknownMetrics() {
    SchemaVersion readings =
        EventContractFiles.schemaVersions().stream()
            .filter(v -> v.wireType().equals(SensorReadingRecorded.TYPE))
            .findFirst()
            .orElseThrow();
    ObjectNode data = (ObjectNode) firstSample().json().get("data");
    data.remove("roomId");
    data.put("type", "radiation");
    data.put("sensorID", "typo");

    assertThat(EventContractFiles.validate(readings.schema(), data))
        .extracting(m -> m.getMessage())
        .anyMatch(m -> m.contains("roomId"))
        .anyMatch(m -> m.contains("type"))
        .anyMatch(m -> m.contains("sensorID"));
  }

  private static Sample firstSample() {
    return samples().stream()
        .filter(s -> s.eventType().equals("sensor.reading.recorded"))
        .findFirst()
        .orElseThrow();
  }
}
