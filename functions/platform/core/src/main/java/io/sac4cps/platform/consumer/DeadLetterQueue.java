package io.sac4cps.platform.consumer;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends {@link DeadLetter}s to a consumer's SQS dead-letter queue, 10 a call. Queue URLs come from
 * {@code sac4cps.sqs.queue-urls.<queue>} (CDK sets them); without one the URL is looked up by name,
 * and where {@code sac4cps.sqs.create-queues} is true (local stack, tests) a missing queue is
 * created. A letter that cannot be sent throws: the batch then fails and is redelivered rather than
 * losing the record. The SQS client is made on first use: a batch without poison never needs it.
 */
@Singleton
@Requires(classes = software.amazon.awssdk.services.sqs.SqsClient.class)
public class DeadLetterQueue {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);
  private static final int MAX_BATCH = 10;

  private final BeanProvider<SqsClient> sqs;
  private final Environment environment;
  private final boolean createQueues;
  private final Map<String, String> urls = new ConcurrentHashMap<>();

  public DeadLetterQueue(
      BeanProvider<SqsClient> sqs,
      Environment environment,
      @Value("${sac4cps.sqs.create-queues:false}") boolean createQueues) {
    this.sqs = sqs;
    this.environment = environment;
    this.createQueues = createQueues;
  }

  public void sendAll(String queue, List<DeadLetter> letters) {
    String url = queueUrl(queue);
    for (int from = 0; from < letters.size(); from += MAX_BATCH) {
      List<DeadLetter> chunk = letters.subList(from, Math.min(letters.size(), from + MAX_BATCH));
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(entry(Integer.toString(i), chunk.get(i)));
      }
      SendMessageBatchResponse response =
          sqs.get().sendMessageBatch(b -> b.queueUrl(url).entries(entries));
      if (!response.failed().isEmpty()) {
        throw new IllegalStateException(
            "dead-letter queue "
                + queue
                + " rejected "
                + response.failed().size()
                + " letters: "
                + response.failed().get(0).message());
      }
      chunk.forEach(
          letter ->
              LOG.warn(
                  "dead-lettered {} for {}: {} ({})",
                  letter.origin().description(),
                  letter.consumer(),
                  letter.reason().code(),
                  letter.detail()));
    }
  }

  private static SendMessageBatchRequestEntry entry(String id, DeadLetter letter) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attributes.put("reason", text(letter.reason().code()));
    attributes.put("detail", text(letter.detail()));
    attributes.put("consumer", text(letter.consumer()));
    attributes.put("encoding", text(letter.encoding()));
    letter.origin().text().forEach((name, value) -> attributes.put(name, text(value)));
    letter.origin().numbers().forEach((name, value) -> attributes.put(name, number(value)));
    return SendMessageBatchRequestEntry.builder()
        .id(id)
        .messageBody(letter.body())
        .messageAttributes(attributes)
        .build();
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static MessageAttributeValue number(long value) {
    return MessageAttributeValue.builder()
        .dataType("Number")
        .stringValue(Long.toString(value))
        .build();
  }

  private String queueUrl(String queue) {
    return urls.computeIfAbsent(
        queue,
        name ->
            environment
                .getProperty("sac4cps.sqs.queue-urls." + name, String.class)
                .orElseGet(() -> lookUp(name)));
  }

  private String lookUp(String name) {
    try {
      return sqs.get().getQueueUrl(b -> b.queueName(name)).queueUrl();
    } catch (QueueDoesNotExistException e) {
      if (!createQueues) {
        throw new IllegalStateException("no dead-letter queue " + name, e);
      }
      return sqs.get().createQueue(b -> b.queueName(name)).queueUrl();
    }
  }
}
