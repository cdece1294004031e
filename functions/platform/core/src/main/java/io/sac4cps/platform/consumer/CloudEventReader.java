package io.sac4cps.platform.consumer;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.sac4cps.platform.telemetry.TraceContext;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Parses structured-mode CloudEvents JSON into {@link InboundEvent}s, answering a {@link
 * PoisonRecordException} for anything that is not one. SQS bodies may also be SNS notifications
 * (subscriptions without raw message delivery): the CloudEvent is then the notification's {@code
 * Message}.
 */
@Singleton
public class CloudEventReader {
  private final JsonMapper json;

  public CloudEventReader(JsonMapper json) {
    this.json = json;
  }

  /** Reads a Kafka record value. */
  public InboundEvent read(byte[] value) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(value));
    } catch (CharacterCodingException e) {
      throw new PoisonRecordException(PoisonReason.BAD_JSON, "value is not UTF-8");
    }
    return envelope(tree(value));
  }

  /** Reads an SQS message body: a CloudEvent, or an SNS notification carrying one. */
  public InboundEvent readSqsBody(String body) {
    JsonNode tree = tree(body.getBytes(StandardCharsets.UTF_8));
    if (tree.isObject()
        && "Notification".equals(text(tree, "Type"))
        && text(tree, "Message") != null) {
      TraceContext published = notificationTrace(tree);
      InboundEvent event = envelope(tree(text(tree, "Message").getBytes(StandardCharsets.UTF_8)));
      return published == null
          ? event
          : new InboundEvent(
              event.id(),
              event.source(),
              event.type(),
              event.subject(),
              event.tenantId(),
              event.time(),
              event.data(),
              published);
    }
    return envelope(tree);
  }

  /** The publish span's context among an SNS notification's {@code MessageAttributes}. */
  private static TraceContext notificationTrace(JsonNode notification) {
    JsonNode attributes = notification.get("MessageAttributes");
    if (attributes == null || !attributes.isObject()) {
      return null;
    }
    return TraceContext.parse(
            attributeValue(attributes, TraceContext.TRACEPARENT),
            attributeValue(attributes, TraceContext.TRACESTATE))
        .orElse(null);
  }

  private static String attributeValue(JsonNode attributes, String name) {
    JsonNode attribute = attributes.get(name);
    return attribute == null || !attribute.isObject() ? null : text(attribute, "Value");
  }

  private JsonNode tree(byte[] value) {
    try {
      JsonNode tree = json.readValue(value, JsonNode.class);
      if (tree == null) {
        throw new PoisonRecordException(PoisonReason.BAD_JSON, "value is empty");
      }
      return tree;
    } catch (IOException | RuntimeException e) {
      if (e instanceof PoisonRecordException poison) {
        throw poison;
      }
      throw new PoisonRecordException(PoisonReason.BAD_JSON, "value is not JSON");
    }
  }

  private static InboundEvent envelope(JsonNode tree) {
    if (!tree.isObject()) {
      throw notCloudEvent("value is not a JSON object");
    }
    if (!"1.0".equals(text(tree, "specversion"))) {
      throw notCloudEvent("specversion must be 1.0");
    }
    JsonNode data = tree.get("data");
    if (data == null || !data.isObject()) {
      throw notCloudEvent("data must be a JSON object");
    }
    return new InboundEvent(
        required(tree, "id"),
        required(tree, "source"),
        required(tree, "type"),
        text(tree, "subject"),
        required(tree, "tenantid"),
        time(tree),
        data,
        TraceContext.parse(
                text(tree, TraceContext.TRACEPARENT), text(tree, TraceContext.TRACESTATE))
            .orElse(null));
  }

  private static Instant time(JsonNode tree) {
    String time = text(tree, "time");
    if (time == null) {
      return null;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw notCloudEvent("time is not an RFC 3339 timestamp");
    }
  }

  private static String required(JsonNode tree, String attribute) {
    String value = text(tree, attribute);
    if (value == null || value.isBlank()) {
      throw notCloudEvent(attribute + " is required");
    }
    return value;
  }

  private static String text(JsonNode tree, String field) {
    JsonNode node = tree.get(field);
    return node != null && node.isString() ? node.getStringValue() : null;
  }

  private static PoisonRecordException notCloudEvent(String detail) {
    return new PoisonRecordException(PoisonReason.NOT_A_CLOUDEVENT, detail);
  }
}
