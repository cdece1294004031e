package io.sac4cps.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asserts that a published CloudEvent conforms to contracts/events: the envelope schema, and the
 * data schema its versioned {@code type} names (the copies in the contracts jar).
 */
public final class EventContractAssertions {
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  private EventContractAssertions() {}

  /** The CloudEvent envelope and its data both conform; the type picks the data schema. */
  public static void assertMatchesEventContract(JsonNode event) {
    assertThat(schema("cloudevent.schema.json").validate(event)).as("envelope").isEmpty();
    String type = event.get("type").asText();
    String eventType = type.substring(0, type.lastIndexOf('.'));
    String version = type.substring(type.lastIndexOf('.') + 1);
    assertThat(schema(eventType + "/" + version + ".schema.json").validate(event.get("data")))
        .as(type + " data")
        .isEmpty();
  }

  private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

  private static JsonSchema schema(String path) {
    return SCHEMAS.computeIfAbsent(path, EventContractAssertions::load);
  }

  private static JsonSchema load(String path) {
    try (InputStream in =
        EventContractAssertions.class.getResourceAsStream("/contracts/events/" + path)) {
      if (in == null) {
        throw new IllegalStateException("no schema contracts/events/" + path);
      }
      return FACTORY.getSchema(in, CONFIG);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
