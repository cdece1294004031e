package io.sac4cps.contracts.wiring;

import java.util.Optional;

/**
 * An SQS queue with its dead-letter queue {@code <name>-dlq}, which receives a message after {@code
 * maxReceiveCount} failed receives.
 */
public record SqsQueue(
    String name,
    Optional<QueueConsumer> consumer,
    int batchSize,
    int visibilityTimeoutSeconds,
    int maxReceiveCount) {

  public String deadLetterQueueName() {
    return name + "-dlq";
  }
}
