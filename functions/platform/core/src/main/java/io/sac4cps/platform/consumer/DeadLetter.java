package io.sac4cps.platform.consumer;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message that can never be processed, with why. Sent to the consumer's dead-letter queue as the
 * SQS message body (the message's text, or its base64 when it is not text SQS accepts) with the
 * attributes {@code reason}, {@code detail}, {@code consumer}, {@code encoding} and where it came
 * from: {@code topic}, {@code partition}, {@code offset} (and {@code key}, when it has one) for a
 * Kafka record; {@code queue}, {@code messageId} for an SQS message. {@link DeadLetterReplay} puts
 * letters back once their cause is fixed.
 *
 * @param origin where the message came from, as the attributes that say so
 */
public record DeadLetter(
    String consumer,
    PoisonReason reason,
    String detail,
    String body,
    String encoding,
    Origin origin) {

  /** Attributes are for people and alarms, not a dump of the record: keep them short. */
  private static final int MAX_DETAIL = 512;

  /**
   * Where a dead letter came from.
   *
   * @param description for logs, e.g. {@code sensor.readings-3@42}
   * @param text String attributes
   * @param numbers Number attributes
   */
  public record Origin(String description, Map<String, String> text, Map<String, Long> numbers) {
    public Origin {
      text = Map.copyOf(text);
      numbers = Map.copyOf(numbers);
    }
  }

  public static DeadLetter of(String consumer, KafkaRecord record, PoisonRecordException poison) {
    String text = text(record.value());
    boolean isText = text != null && !text.isEmpty();
    String body =
        isText
            ? text
            : record.base64Value().isEmpty() ? "(empty record value)" : record.base64Value();
    Map<String, Long> numbers = new LinkedHashMap<>();
    numbers.put("partition", (long) record.partition());
    numbers.put("offset", record.offset());
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("topic", record.topic());
    // The replay produces the record again under its key, so it keeps its partition's order.
    if (record.key() != null && !record.key().isEmpty()) {
      attributes.put("key", record.key());
    }
    return new DeadLetter(
        consumer,
        poison.reason(),
        detail(poison),
        body,
        isText ? "text" : "base64",
        new Origin(record.toString(), attributes, numbers));
  }

  /** An SQS body is always text SQS accepts: it is carried as it came. */
  public static DeadLetter of(
      String consumer, SQSEvent.SQSMessage message, PoisonRecordException poison) {
    String body =
        message.getBody() == null || message.getBody().isEmpty()
            ? "(empty message body)"
            : message.getBody();
    Map<String, String> text = new LinkedHashMap<>();
    text.put("messageId", message.getMessageId());
    if (message.getEventSourceArn() != null) {
      text.put("queue", message.getEventSourceArn());
    }
    return new DeadLetter(
        consumer,
        poison.reason(),
        detail(poison),
        body,
        "text",
        new Origin("SQS message " + message.getMessageId(), text, Map.of()));
  }

  private static String detail(PoisonRecordException poison) {
    String detail = poison.getMessage() == null ? poison.reason().code() : poison.getMessage();
    return detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
  }

  /** UTF-8 text with only the characters an SQS message body allows, or null. */
  private static String text(byte[] value) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    boolean allowed =
        text.codePoints()
            .allMatch(
                c ->
                    c == 0x9
                        || c == 0xA
                        || c == 0xD
                        || (c >= 0x20 && c <= 0xD7FF)
                        || (c >= 0xE000 && c <= 0xFFFD)
                        || c >= 0x10000);
    return allowed ? text : null;
  }
}
