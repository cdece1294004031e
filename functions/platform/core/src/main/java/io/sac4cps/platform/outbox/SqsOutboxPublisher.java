package io.sac4cps.platform.outbox;

import io.micronaut.context.annotation.Requires;
import io.sac4cps.platform.sqs.SqsQueueUrls;
import io.sac4cps.platform.telemetry.TraceContext;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Publishes outbox messages to SQS queues with SendMessageBatch: up to 10 messages of one queue and
 * 256 KiB a call. {@link SqsQueueUrls} finds the queues ({@code sac4cps.sqs.queue-urls.<queue>},
 * else by name). The body is the CloudEvent as is, so the consumer reads it as a raw-delivered SNS
 * message; its type is the {@code type} attribute, as on SNS. Stops at the first failure: with SQS
 * unreachable, one bounded wait instead of one per message.
 */
@Singleton
@Requires(classes = SqsClient.class)
public class SqsOutboxPublisher implements OutboxPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(SqsOutboxPublisher.class);
  private static final int MAX_BATCH = 10;
  private static final int MAX_BATCH_BYTES = 256 * 1024;

  private final SqsQueueUrls queues;

  public SqsOutboxPublisher(SqsQueueUrls queues) {
    this.queues = queues;
  }

  @Override
  public Destination.Kind kind() {
    return Destination.Kind.SQS;
  }

  @Override
  public Set<String> publish(List<OutboxMessage> messages) {
    Set<String> acknowledged = new HashSet<>();
    try {
      int from = 0;
      while (from < messages.size()) {
        String queue = messages.get(from).destination().name();
        List<OutboxMessage> chunk = new ArrayList<>(MAX_BATCH);
        int bytes = 0;
        for (int i = from; i < messages.size() && chunk.size() < MAX_BATCH; i++) {
          OutboxMessage message = messages.get(i);
          if (!message.destination().name().equals(queue)
              || (!chunk.isEmpty() && bytes + message.payload().length > MAX_BATCH_BYTES)) {
            break;
          }
          chunk.add(message);
          bytes += message.payload().length;
        }
        // Entry ids are indexes: unique in the call, whatever characters the event ids hold.
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
          entries.add(entry(Integer.toString(i), chunk.get(i)));
        }
        String url = queues.urlOf(queue);
        SendMessageBatchResponse response =
            queues.client().sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        response
            .successful()
            .forEach(ok -> acknowledged.add(chunk.get(Integer.parseInt(ok.id())).id()));
        if (!response.failed().isEmpty()) {
          LOG.warn(
              "outbox: SQS queue {} rejected {} messages: {}",
              queue,
              response.failed().size(),
              response.failed().get(0).message());
          return acknowledged;
        }
        from += chunk.size();
      }
    } catch (RuntimeException e) {
      LOG.warn("outbox: SQS send failed after {} acks: {}", acknowledged.size(), e.toString());
    }
    return acknowledged;
  }

  private static SendMessageBatchRequestEntry entry(String entryId, OutboxMessage message) {
    String payload = message.payloadText();
    return SendMessageBatchRequestEntry.builder()
        .id(entryId)
        .delaySeconds(message.destination().delaySeconds())
        .messageBody(payload)
        .messageAttributes(attributes(payload))
        .build();
  }

  /** The event type, and the publish span's context so the consumer's span is its child. */
  private static Map<String, MessageAttributeValue> attributes(String payload) {
    Map<String, MessageAttributeValue> attributes = new java.util.HashMap<>();
    attributes.put("type", text(SnsOutboxPublisher.eventType(payload)));
    TraceContext.current()
        .ifPresent(t -> t.writeTo((name, value) -> attributes.put(name, text(value))));
    return attributes;
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
