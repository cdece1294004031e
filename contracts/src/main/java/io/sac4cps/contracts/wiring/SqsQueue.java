package io.sac4cps.contracts.wiring;

import java.util.List;
import java.util.Optional;

/**
 * An SQS queue with its dead-letter queue {@code <name>-dlq}, which receives a message after {@code
 * maxReceiveCount} failed receives.
 *
 * @param producers functions that send to it (an outbox destination), besides its SNS subscriptions
 */
public record SqsQueue(
    String name,
    List<String> producers,
    Optional<QueueConsumer> consumer,
    int batchSize,
    int visibilityTimeoutSeconds,
    int maxReceiveCount) {

  public SqsQueue {
    producers = List.copyOf(producers);
  }

  public String deadLetterQueueName() {
    return name + "-dlq";
  }
}
