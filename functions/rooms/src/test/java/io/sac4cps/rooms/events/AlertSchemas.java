package io.sac4cps.rooms.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;

/** Validates published events against contracts/events (the copies in the contracts jar). */
final class AlertSchemas {
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  private AlertSchemas() {}

  /** The CloudEvent envelope and its data both conform; the type picks the data schema. */
  static void assertValid(JsonNode event) {
    assertThat(schema("cloudevent.schema.json").validate(event)).as("envelope").isEmpty();
    String type = event.get("type").asText();
    String eventType = type.substring(0, type.lastIndexOf('.'));
    String version = type.substring(type.lastIndexOf('.') + 1);
    assertThat(schema(eventType + "/" + version + ".schema.json").validate(event.get("data")))
        .as(type + " data")
        .isEmpty();
  }

  private static JsonSchema schema(String path) {
    try (InputStream in = AlertSchemas.class.getResourceAsStream("/contracts/events/" + path)) {
      if (in == null) {
        throw new IllegalStateException("no schema contracts/events/" + path);
      }
      return FACTORY.getSchema(in, CONFIG);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
