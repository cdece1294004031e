package io.sac4cps.testkit.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sac4cps.embedded.SqsEventSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds {@link SQSEvent}s as Lambda's SQS event source delivers them, with plain bodies or bodies
 * that are SNS envelopes (a queue subscribed to a topic without raw delivery).
 *
 * <pre>{@code
 * SQSEvent event = SqsEvents.event(
 *     SqsEvents.message(SqsEvents.snsEnvelope(topicArn, alertJson, Map.of("type", "alert.raised.v1")))
 *         .receiveCount(2)
 *         .build());
 * }</pre>
 */
public final class SqsEvents {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REGION = "us-east-1";
  private static final String DEFAULT_QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:test-queue";

  private SqsEvents() {}

  /** An event holding these messages, in order. */
  public static SQSEvent event(SQSMessage... messages) {
    var event = new SQSEvent();
    event.setRecords(new ArrayList<>(List.of(messages)));
    return event;
  }

  /** An event with one message per body, each with its own id. */
  public static SQSEvent eventOfBodies(String... bodies) {
    return event(Arrays.stream(bodies).map(b -> message(b).build()).toArray(SQSMessage[]::new));
  }

  /**
   * The event Lambda's SQS event source makes of messages received from a real queue (receive them
   * with {@code messageSystemAttributeNames(ALL)} and {@code messageAttributeNames("All")}): ids,
   * receipt handles, bodies, system and message attributes as SQS returned them.
   */
  public static SQSEvent received(
      String queueArn, List<software.amazon.awssdk.services.sqs.model.Message> messages) {
    return SqsEventSource.event(queueArn, messages);
  }

  public static Message message(String body) {
    return new Message(body);
  }

  /**
   * The body SNS puts on a queue for a notification: {@code Type=Notification}, {@code MessageId},
   * {@code TopicArn}, {@code Message}, {@code Timestamp}, signature fields, and the message
   * attributes as {@code {"name": {"Type": "String", "Value": ...}}}.
   */
  public static String snsEnvelope(
      String topicArn, String message, Map<String, String> stringAttributes) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("Type", "Notification");
    envelope.put("MessageId", UUID.randomUUID().toString());
    envelope.put("TopicArn", topicArn);
    envelope.put("Message", message);
    envelope.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    envelope.put("SignatureVersion", "1");
    envelope.put("Signature", "dGVzdA==");
    envelope.put(
        "SigningCertURL",
        "https://sns." + REGION + ".amazonaws.com/SimpleNotificationService-test.pem");
    envelope.put(
        "UnsubscribeURL",
        "https://sns."
            + REGION
            + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
            + topicArn
            + ":test");
    if (!stringAttributes.isEmpty()) {
      ObjectNode attributes = envelope.putObject("MessageAttributes");
      stringAttributes.forEach(
          (name, value) -> attributes.putObject(name).put("Type", "String").put("Value", value));
    }
    try {
      return JSON.writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("SNS envelope did not serialize", e);
    }
  }

  /** One SQS record. */
  public static final class Message {
    private final String body;
    private String messageId = UUID.randomUUID().toString();
    private String queueArn = DEFAULT_QUEUE_ARN;
    private int receiveCount = 1;
    private Instant sentAt = Instant.now();
    private final Map<String, MessageAttribute> messageAttributes = new LinkedHashMap<>();
    private final Map<String, String> extraAttributes = new LinkedHashMap<>();

    private Message(String body) {
      this.body = body;
    }

    public Message messageId(String messageId) {
      this.messageId = messageId;
      return this;
    }

    public Message queueArn(String queueArn) {
      this.queueArn = queueArn;
      return this;
    }

    /** {@code ApproximateReceiveCount}: more than 1 means earlier deliveries failed. */
    public Message receiveCount(int receiveCount) {
      this.receiveCount = receiveCount;
      return this;
    }

    public Message sentAt(Instant sentAt) {
      this.sentAt = sentAt;
      return this;
    }

    /** A system attribute, e.g. {@code MessageGroupId} for FIFO queues. */
    public Message attribute(String name, String value) {
      extraAttributes.put(name, value);
      return this;
    }

    /** A String message attribute (raw delivery puts SNS message attributes here). */
    public Message messageAttribute(String name, String value) {
      var attribute = new MessageAttribute();
      attribute.setDataType("String");
      attribute.setStringValue(value);
      attribute.setStringListValues(List.of());
      attribute.setBinaryListValues(List.of());
      messageAttributes.put(name, attribute);
      return this;
    }

    public SQSMessage build() {
      var message = new SQSMessage();
      message.setMessageId(messageId);
      message.setReceiptHandle("receipt-" + messageId);
      message.setBody(body);
      message.setMd5OfBody(md5(body));
      message.setEventSource("aws:sqs");
      message.setEventSourceArn(queueArn);
      message.setAwsRegion(REGION);
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("ApproximateReceiveCount", String.valueOf(receiveCount));
      attributes.put("SentTimestamp", String.valueOf(sentAt.toEpochMilli()));
      attributes.put("SenderId", "AIDAIENQZJOLO23YVJ4VO");
      attributes.put("ApproximateFirstReceiveTimestamp", String.valueOf(sentAt.toEpochMilli()));
      attributes.putAll(extraAttributes);
      message.setAttributes(attributes);
      message.setMessageAttributes(new LinkedHashMap<>(messageAttributes));
      return message;
    }
  }

  private static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }
}
