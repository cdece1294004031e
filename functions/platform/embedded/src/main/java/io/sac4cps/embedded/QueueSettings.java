package io.sac4cps.embedded;

import java.time.Duration;

/**
 * How a queue handles messages that are not deleted.
 *
 * @param visibilityTimeout how long a received message stays hidden before it is delivered again
 * @param maxReceiveCount after this many receives without a delete, the message moves to the DLQ
 */
public record QueueSettings(Duration visibilityTimeout, int maxReceiveCount) {

  /** SQS's default visibility timeout and three receives, as the queues in AWS are wired. */
  public static final QueueSettings DEFAULT = new QueueSettings(Duration.ofSeconds(30), 3);

  public QueueSettings {
    if (visibilityTimeout.isNegative() || visibilityTimeout.toSeconds() > 43_200) {
      throw new IllegalArgumentException("visibility timeout must be 0 to 12 hours");
    }
    if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new IllegalArgumentException("maxReceiveCount must be 1 to 1000");
    }
  }
}
