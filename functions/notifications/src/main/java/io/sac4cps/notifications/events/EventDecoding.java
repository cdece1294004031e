package io.sac4cps.notifications.events;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.platform.consumer.PoisonRecordException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Decodes the event types notifications consumes into their contract records, answering a poison
 * record for an unknown type or data that lacks a required field; and writes the CloudEvent JSON
 * back as published, for the event log.
 */
@Singleton
public class EventDecoding {
  private final JsonMapper json;

  public EventDecoding(JsonMapper json) {
    this.json = json;
  }

  /**
   * @param types the records of the types this consumer accepts, by versioned type
   * @param required each type's required data fields
   */
  public InboundNotice decode(
      InboundEvent event, Map<String, Class<?>> types, Map<String, List<String>> required) {
    Class<?> type = types.get(event.type());
    if (type == null) {
      throw PoisonRecordException.unknownType(event.type());
    }
    JsonNode data = event.data();
    for (String field : required.getOrDefault(event.type(), List.of())) {
      JsonNode value = data.get(field);
      if (value == null || value.isNull()) {
        throw PoisonRecordException.schemaInvalid("data." + field + " is required");
      }
    }
    Object decoded;
    try {
      decoded = json.readValueFromTree(data, type);
    } catch (IOException | RuntimeException e) {
      throw PoisonRecordException.schemaInvalid("data does not match " + event.type());
    }
    return new InboundNotice(event, decoded, envelope(event));
  }

  private String envelope(InboundEvent event) {
    CloudEvent<JsonNode> cloudEvent =
        CloudEvent.produced(
            event.id(),
            event.source(),
            event.type(),
            event.time(),
            event.subject(),
            event.tenantId(),
            event.data());
    try {
      return json.writeValueAsString(cloudEvent);
    } catch (IOException e) {
      throw PoisonRecordException.schemaInvalid("event cannot be written as JSON");
    }
  }
}
