package io.sac4cps.platform.consumer;

import io.micronaut.context.annotation.Requires;
import io.sac4cps.platform.resilience.Breaker;
import io.sac4cps.platform.resilience.CircuitBreakers;
import io.sac4cps.platform.resilience.DependencyUnavailable;
import io.sac4cps.platform.sqs.SqsQueueUrls;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends {@link DeadLetter}s to a consumer's SQS dead-letter queue, 10 a call; {@link SqsQueueUrls}
 * finds the queue. A letter that cannot be sent throws: the batch then fails and is redelivered
 * rather than losing the record. The SQS client is made on first use: a batch without poison never
 * needs it.
 *
 * <p>Sends go through the {@code aws_sqs_dead_letters} circuit breaker (decision 0066): while SQS
 * does not answer, a send throws {@link DependencyUnavailable} at once (a transient failure), so
 * the batch fails fast and is redelivered, and its poison is dead-lettered once the breaker closed.
 */
@Singleton
@Requires(classes = software.amazon.awssdk.services.sqs.SqsClient.class)
public class DeadLetterQueue {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);
  private static final int MAX_BATCH = 10;

  /** Dead letters are rare: two failed sends of the last five open it, for 30 s. */
  static final Breaker.Settings BREAKER = new Breaker.Settings(5, 2, 50, Duration.ofSeconds(30));

  private final SqsQueueUrls queues;
  private final Breaker breaker;

  public DeadLetterQueue(SqsQueueUrls queues, CircuitBreakers breakers) {
    this.queues = queues;
    this.breaker = breakers.of("aws_sqs_dead_letters", BREAKER);
  }

  public void sendAll(String queue, List<DeadLetter> letters) {
    breaker.guarded(
        () -> {
          send(queue, letters);
          return null;
        },
        TransientFailure::causes);
  }

  private void send(String queue, List<DeadLetter> letters) {
    String url = queues.urlOf(queue);
    for (int from = 0; from < letters.size(); from += MAX_BATCH) {
      List<DeadLetter> chunk = letters.subList(from, Math.min(letters.size(), from + MAX_BATCH));
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(entry(Integer.toString(i), chunk.get(i)));
      }
      SendMessageBatchResponse response =
          queues.client().sendMessageBatch(b -> b.queueUrl(url).entries(entries));
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
}
