package io.sac4cps.platform.outbox;

import java.time.Duration;

/**
 * Where an outbox message goes: a Kafka topic, an SNS topic or an SQS queue, by name.
 *
 * @param delaySeconds SQS only: how long the queue hides the message after it was sent (SQS's
 *     {@code DelaySeconds}, at most 900); a retry's backoff (docs/decisions/0032)
 */
public record Destination(Kind kind, String name, int delaySeconds) {
  /** SQS's limit on a message's delay. */
  public static final int MAX_DELAY_SECONDS = 900;

  public enum Kind {
    KAFKA,
    SNS,
    SQS;

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Destination {
    if (delaySeconds < 0 || delaySeconds > MAX_DELAY_SECONDS) {
      throw new IllegalArgumentException("a delay is 0 to 900 seconds: " + delaySeconds);
    }
    if (delaySeconds > 0 && kind != Kind.SQS) {
      throw new IllegalArgumentException("only SQS messages can be delayed: " + kind);
    }
  }

  public Destination(Kind kind, String name) {
    this(kind, name, 0);
  }

  public static Destination kafka(String topic) {
    return new Destination(Kind.KAFKA, topic);
  }

  public static Destination sns(String topic) {
    return new Destination(Kind.SNS, topic);
  }

  /** A queue by name: work for the function that consumes it (tasks dispatch this way). */
  public static Destination sqs(String queue) {
    return new Destination(Kind.SQS, queue);
  }

  /**
   * The queue {@code queue}, its messages hidden for {@code delay} after they are sent (rounded up
   * to whole seconds, at most 900).
   */
  public static Destination sqs(String queue, Duration delay) {
    long seconds = (delay.toMillis() + 999) / 1000;
    return new Destination(Kind.SQS, queue, (int) Math.min(MAX_DELAY_SECONDS, seconds));
  }
}
