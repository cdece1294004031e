package io.sac4cps.platform.consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.sac4cps.platform.telemetry.TraceContext;
import io.sac4cps.platform.time.Timestamps;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses structured-mode CloudEvents JSON into {@link InboundEvent}s, answering a {@link
 * PoisonRecordException} for anything that is not one. SQS bodies may also be SNS notifications
 * (subscriptions without raw message delivery): the CloudEvent is then the notification's {@code
 * Message}.
 */
@Singleton
public class CloudEventReader {
  /**
   * Kafka values are read with Jackson's streaming parser straight from the bytes (decision 0071).
   */
  private static final JsonFactory STREAMING = new JsonFactory();

  private final JsonMapper json;

  public CloudEventReader(JsonMapper json) {
    this.json = json;
  }

  /**
   * Reads a Kafka record value in one streaming pass: the envelope's attributes as strings, {@code
   * data} as a tree, nothing else kept. It answers as reading the whole value as a tree would: a
   * value that is not JSON anywhere is {@link PoisonReason#BAD_JSON} before any envelope check.
   */
  public InboundEvent read(byte[] value) {
    checkUtf8(value);
    Map<String, String> attributes = new HashMap<>();
    JsonNode data = null;
    boolean object;
    try (JsonParser parser = STREAMING.createParser(value)) {
      JsonToken first = parser.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        throw new PoisonRecordException(PoisonReason.BAD_JSON, "value is empty");
      }
      object = first == JsonToken.START_OBJECT;
      if (object) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken token = parser.nextToken();
          if ("data".equals(name)) {
            data = node(parser, token);
          } else {
            // As in a tree: the last of repeated attributes counts, a non-string is absent.
            attributes.put(name, token == JsonToken.VALUE_STRING ? parser.getText() : null);
            parser.skipChildren();
          }
        }
      } else {
        parser.skipChildren();
      }
      if (parser.nextToken() != null) {
        throw new PoisonRecordException(PoisonReason.BAD_JSON, "value is not JSON");
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof PoisonRecordException poison) {
        throw poison;
      }
      throw new PoisonRecordException(PoisonReason.BAD_JSON, "value is not JSON");
    }
    if (!object) {
      throw notCloudEvent("value is not a JSON object");
    }
    return envelope(attributes::get, data);
  }

  /** ASCII (the usual CloudEvent) needs no decoder; anything else is checked by one. */
  private static void checkUtf8(byte[] value) {
    for (byte b : value) {
      if (b < 0) {
        try {
          StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(value));
          return;
        } catch (CharacterCodingException e) {
          throw new PoisonRecordException(PoisonReason.BAD_JSON, "value is not UTF-8");
        }
      }
    }
  }

  /** The value at {@code token} as a tree, as reading the whole value as a tree makes it. */
  private static JsonNode node(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          fields.put(name, node(parser, parser.nextToken()));
        }
        yield JsonNode.createObjectNode(fields);
      }
      case START_ARRAY -> {
        List<JsonNode> items = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          items.add(node(parser, t));
        }
        yield JsonNode.createArrayNode(items);
      }
      case VALUE_STRING -> JsonNode.createStringNode(parser.getText());
      case VALUE_NUMBER_INT ->
          switch (parser.getNumberType()) {
            case INT -> JsonNode.createNumberNode(parser.getIntValue());
            case LONG -> JsonNode.createNumberNode(parser.getLongValue());
            default -> JsonNode.createNumberNode(parser.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> JsonNode.createNumberNode(parser.getDoubleValue());
      case VALUE_TRUE -> JsonNode.createBooleanNode(true);
      case VALUE_FALSE -> JsonNode.createBooleanNode(false);
      case VALUE_NULL -> JsonNode.nullNode();
      default -> throw new IOException("unexpected " + token);
    };
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
    return envelope(attribute -> text(tree, attribute), tree.get("data"));
  }

  /** An envelope's attributes as strings (null when absent or not a string). */
  private interface Attributes {
    String get(String attribute);
  }

  private static InboundEvent envelope(Attributes attributes, JsonNode data) {
    if (!"1.0".equals(attributes.get("specversion"))) {
      throw notCloudEvent("specversion must be 1.0");
    }
    if (data == null || !data.isObject()) {
      throw notCloudEvent("data must be a JSON object");
    }
    return new InboundEvent(
        required(attributes, "id"),
        required(attributes, "source"),
        required(attributes, "type"),
        attributes.get("subject"),
        required(attributes, "tenantid"),
        time(attributes.get("time")),
        data,
        TraceContext.parse(
                attributes.get(TraceContext.TRACEPARENT), attributes.get(TraceContext.TRACESTATE))
            .orElse(null));
  }

  private static Instant time(String time) {
    if (time == null) {
      return null;
    }
    try {
      return Timestamps.parse(time);
    } catch (DateTimeException e) {
      throw notCloudEvent("time is not an RFC 3339 timestamp");
    }
  }

  private static String required(Attributes attributes, String attribute) {
    String value = attributes.get(attribute);
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
