package io.sac4cps.platform.outbox;

/** Where an outbox message goes: a Kafka topic, an SNS topic or an SQS queue, by name. */
public record Destination(Kind kind, String name) {
  public enum Kind {
    KAFKA,
    SNS,
    SQS;

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
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
}
