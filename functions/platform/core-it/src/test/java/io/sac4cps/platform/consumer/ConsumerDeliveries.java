package io.sac4cps.platform.consumer;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.testkit.lambda.KafkaEvents;
import io.sac4cps.testkit.lambda.SqsEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** What the consumer tests do as Lambda's event sources: batches, receives, deletes. */
final class ConsumerDeliveries {
  private ConsumerDeliveries() {}

  /** One partition of topic {@code tally}, offsets from 0, as Lambda's Kafka mapping hands it. */
  static KafkaEvent kafkaBatch(List<String> events) {
    KafkaEvents.Event batch = KafkaEvents.selfManaged("localhost:9092");
    for (int offset = 0; offset < events.size(); offset++) {
      batch.record(KafkaEvents.record("tally", 0, "k", events.get(offset)).offset(offset));
    }
    return batch.build();
  }

  /** Up to {@code count} messages with all their attributes, waiting at most {@code within}. */
  static List<Message> receive(SqsClient sqs, String url, int count, Duration within) {
    List<Message> received = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      received.addAll(
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(url)
                          .maxNumberOfMessages(Math.min(10, count - received.size()))
                          .waitTimeSeconds(1)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                          .messageAttributeNames("All"))
              .messages());
    }
    return received;
  }

  /**
   * Lambda's SQS event source with {@code ReportBatchItemFailures}: invokes the consumer with the
   * messages and deletes those the answer does not name.
   */
  static SQSBatchResponse deliver(
      SqsClient sqs,
      SqsQueue queue,
      List<Message> messages,
      SqsEventConsumer consumer,
      EventProjection<?> projection) {
    SQSBatchResponse response =
        consumer.consume(SqsEvents.received(queue.arn(), messages), projection);
    List<String> failed =
        response.getBatchItemFailures().stream()
            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .toList();
    List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
    for (Message message : messages) {
      if (!failed.contains(message.messageId())) {
        done.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(Integer.toString(done.size()))
                .receiptHandle(message.receiptHandle())
                .build());
      }
    }
    if (!done.isEmpty()) {
      sqs.deleteMessageBatch(b -> b.queueUrl(queue.url()).entries(done));
    }
    return response;
  }
}
