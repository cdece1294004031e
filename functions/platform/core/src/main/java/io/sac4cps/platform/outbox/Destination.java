package io.sac4cps.platform.outbox;

/** Where an outbox message goes: a Kafka topic or an SNS topic, by name. */
public record Destination(Kind kind, String name) {
  public enum Kind {
    KAFKA,
    SNS;

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
}
