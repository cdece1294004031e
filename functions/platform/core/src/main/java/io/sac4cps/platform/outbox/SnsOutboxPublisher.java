package io.sac4cps.platform.outbox;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.sac4cps.platform.telemetry.TraceContext;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * Publishes outbox messages to SNS topics with PublishBatch (10 a call). Topic ARNs come from
 * {@code sac4cps.sns.topic-arns.<topic>} (CDK sets them); where {@code sac4cps.sns.create-topics}
 * is true (local stack, tests) a missing one is created. Each message carries its CloudEvent type
 * as the {@code type} attribute, for subscription filter policies.
 */
@Singleton
@Requires(classes = SnsClient.class)
public class SnsOutboxPublisher implements OutboxPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(SnsOutboxPublisher.class);
  private static final int MAX_BATCH = 10;

  private final BeanProvider<SnsClient> sns;
  private final Environment environment;
  private final boolean createTopics;
  private final Map<String, String> arns = new ConcurrentHashMap<>();

  public SnsOutboxPublisher(
      BeanProvider<SnsClient> sns,
      Environment environment,
      @Value("${sac4cps.sns.create-topics:false}") boolean createTopics) {
    this.sns = sns;
    this.environment = environment;
    this.createTopics = createTopics;
  }

  @Override
  public Destination.Kind kind() {
    return Destination.Kind.SNS;
  }

  @Override
  public Set<String> publish(List<OutboxMessage> messages) {
    Set<String> acknowledged = new HashSet<>();
    try {
      int from = 0;
      while (from < messages.size()) {
        // PublishBatch takes one topic and at most 10 entries per call.
        String topic = messages.get(from).destination().name();
        int to = from;
        while (to < messages.size()
            && to - from < MAX_BATCH
            && messages.get(to).destination().name().equals(topic)) {
          to++;
        }
        Map<String, String> eventIdsByEntryId = new HashMap<>();
        List<PublishBatchRequestEntry> entries = new ArrayList<>();
        for (OutboxMessage message : messages.subList(from, to)) {
          PublishBatchRequestEntry entry = entry(message);
          eventIdsByEntryId.put(entry.id(), message.id());
          entries.add(entry);
        }
        PublishBatchResponse response =
            sns.get()
                .publishBatch(b -> b.topicArn(topicArn(topic)).publishBatchRequestEntries(entries));
        response.successful().forEach(ok -> acknowledged.add(eventIdsByEntryId.get(ok.id())));
        if (!response.failed().isEmpty()) {
          LOG.warn(
              "outbox: SNS rejected {} messages: {}",
              response.failed().size(),
              response.failed().get(0).message());
          return acknowledged;
        }
        from = to;
      }
    } catch (RuntimeException e) {
      LOG.warn("outbox: SNS publish failed after {} acks: {}", acknowledged.size(), e.toString());
    }
    return acknowledged;
  }

  private static PublishBatchRequestEntry entry(OutboxMessage message) {
    String payload = message.payloadText();
    Map<String, MessageAttributeValue> attributes = new HashMap<>();
    attributes.put("type", text(eventType(payload)));
    // The publish span's context, delivered to SQS with the message (raw delivery or envelope).
    TraceContext.current()
        .ifPresent(t -> t.writeTo((name, value) -> attributes.put(name, text(value))));
    return PublishBatchRequestEntry.builder()
        .id(entryId(message.id()))
        .message(payload)
        .messageAttributes(attributes)
        .build();
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  /** SNS batch entry ids allow only [A-Za-z0-9_-]{1,80}. */
  private static String entryId(String eventId) {
    String cleaned = eventId.replaceAll("[^A-Za-z0-9_-]", "_");
    return cleaned.length() > 80 ? cleaned.substring(0, 80) : cleaned;
  }

  private static String fromEntryId(String entryId, List<OutboxMessage> chunk) {
    return chunk.stream()
        .filter(m -> entryId(m.id()).equals(entryId))
        .findFirst()
        .orElseThrow()
        .id();
  }

  /** The CloudEvent {@code type}, read without parsing the whole payload into objects. */
  static String eventType(String payload) {
    int key = payload.indexOf("\"type\"");
    if (key < 0) {
      return "unknown";
    }
    int open = payload.indexOf('"', payload.indexOf(':', key) + 1);
    int close = payload.indexOf('"', open + 1);
    return open < 0 || close < 0 ? "unknown" : payload.substring(open + 1, close);
  }

  private String topicArn(String topic) {
    return arns.computeIfAbsent(
        topic,
        name ->
            environment
                .getProperty("sac4cps.sns.topic-arns." + name, String.class)
                .orElseGet(
                    () -> {
                      if (!createTopics) {
                        throw new IllegalStateException("no ARN configured for SNS topic " + name);
                      }
                      return sns.get().createTopic(b -> b.name(name)).topicArn();
                    }));
  }
}
