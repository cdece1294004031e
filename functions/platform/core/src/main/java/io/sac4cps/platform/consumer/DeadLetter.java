package io.sac4cps.platform.consumer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * A Kafka record that can never be processed, with why. Sent as the SQS message body (the record's
 * text, or its base64 when it is not text SQS accepts) with the attributes {@code reason}, {@code
 * detail}, {@code topic}, {@code partition}, {@code offset}, {@code consumer} and {@code encoding}.
 */
public record DeadLetter(String consumer, KafkaRecord record, PoisonReason reason, String detail) {

  /** Attributes are for people and alarms, not a dump of the record: keep them short. */
  private static final int MAX_DETAIL = 512;

  public static DeadLetter of(String consumer, KafkaRecord record, PoisonRecordException poison) {
    String detail = poison.getMessage() == null ? poison.reason().code() : poison.getMessage();
    return new DeadLetter(
        consumer,
        record,
        poison.reason(),
        detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail);
  }

  /** The message body: the value as text when SQS can carry it, else base64. */
  public String body() {
    String text = text(record.value());
    if (text != null && !text.isEmpty()) {
      return text;
    }
    return record.base64Value().isEmpty() ? "(empty record value)" : record.base64Value();
  }

  /** {@code text} when {@link #body()} is the value's text, else {@code base64}. */
  public String encoding() {
    String text = text(record.value());
    return text != null && !text.isEmpty() ? "text" : "base64";
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
