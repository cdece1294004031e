package io.sac4cps.platform.consumer;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.sac4cps.platform.sqs.SqsQueueUrls;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Retries an SQS message that failed for a transient reason ({@link TransientFailure}) by sending a
 * copy of it back to its queue with a growing delay, so the original can be deleted: SQS counts
 * every receive towards the queue's {@code maxReceiveCount}, and a database outage longer than
 * {@code maxReceiveCount} visibility timeouts would otherwise redrive good messages to the DLQ
 * (decision 0059). The copy carries when its retries began ({@value #RETRYING_SINCE}) and how many
 * there were ({@value #RETRIES}); once it has been retried for longer than {@code
 * sac4cps.consumers.transient-retries-for} (default a day) it is left to the queue's own redrive.
 * The copy repeats the CloudEvent id, so the consumer's dedupe makes a copy that overlaps the
 * original harmless.
 */
@Singleton
@Requires(classes = software.amazon.awssdk.services.sqs.SqsClient.class)
public class SqsDelayedRetry {
  static final String RETRYING_SINCE = "sac4cps-retrying-since";
  static final String RETRIES = "sac4cps-retries";

  /** SQS's longest per-message delay. */
  private static final Duration MAX_DELAY = Duration.ofMinutes(15);

  private final SqsQueueUrls queues;
  private final Duration firstDelay;
  private final Duration retriesFor;
  private final Clock clock;

  public SqsDelayedRetry(
      SqsQueueUrls queues,
      @Value("${sac4cps.consumers.transient-retry-delay:5s}") Duration firstDelay,
      @Value("${sac4cps.consumers.transient-retries-for:1d}") Duration retriesFor) {
    this.queues = queues;
    this.firstDelay = firstDelay;
    this.retriesFor = retriesFor;
    this.clock = Clock.systemUTC();
  }

  /**
   * Sends the copy and returns true, or returns false when the message is past its retries (or on a
   * FIFO queue, which takes no per-message delay) and must be left to the queue's redrive. Throws
   * when the copy cannot be sent: the message then fails and SQS delivers it again.
   */
  public boolean retryLater(SQSEvent.SQSMessage message) {
    String arn = message.getEventSourceArn();
    if (arn == null || arn.endsWith(".fifo")) {
      return false;
    }
    Map<String, SQSEvent.MessageAttribute> received =
        message.getMessageAttributes() == null ? Map.of() : message.getMessageAttributes();
    Instant now = clock.instant();
    Instant since = number(received.get(RETRYING_SINCE)).map(Instant::ofEpochMilli).orElse(now);
    long retries = number(received.get(RETRIES)).orElse(0L);
    if (Duration.between(since, now).compareTo(retriesFor) > 0) {
      return false;
    }
    Duration delay = firstDelay.multipliedBy(1L << Math.min(retries, 20));
    if (delay.compareTo(MAX_DELAY) > 0) {
      delay = MAX_DELAY;
    }
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    received.forEach(
        (name, value) -> {
          if (!name.equals(RETRYING_SINCE) && !name.equals(RETRIES)) {
            attributes.put(name, copy(value));
          }
        });
    attributes.put(RETRYING_SINCE, number(since.toEpochMilli()));
    attributes.put(RETRIES, number(retries + 1));
    String url = queues.urlOf(arn.substring(arn.lastIndexOf(':') + 1));
    int delaySeconds = (int) Math.max(0, delay.toSeconds());
    queues
        .client()
        .sendMessage(
            b ->
                b.queueUrl(url)
                    .messageBody(message.getBody())
                    .delaySeconds(delaySeconds)
                    .messageAttributes(attributes));
    return true;
  }

  private static Optional<Long> number(SQSEvent.MessageAttribute attribute) {
    if (attribute == null || attribute.getStringValue() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(attribute.getStringValue()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static MessageAttributeValue number(long value) {
    return MessageAttributeValue.builder()
        .dataType("Number")
        .stringValue(Long.toString(value))
        .build();
  }

  private static MessageAttributeValue copy(SQSEvent.MessageAttribute value) {
    MessageAttributeValue.Builder copy =
        MessageAttributeValue.builder().dataType(value.getDataType());
    if (value.getBinaryValue() != null) {
      copy.binaryValue(SdkBytes.fromByteBuffer(value.getBinaryValue().duplicate()));
    } else {
      copy.stringValue(value.getStringValue());
    }
    return copy.build();
  }
}
