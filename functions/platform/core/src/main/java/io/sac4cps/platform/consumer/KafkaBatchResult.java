package io.sac4cps.platform.consumer;

/**
 * What became of a Kafka batch.
 *
 * @param applied events applied now
 * @param duplicates events applied by an earlier delivery, skipped
 * @param deadLettered poison records sent to the dead-letter queue
 */
public record KafkaBatchResult(int records, int applied, int duplicates, int deadLettered) {

  @Override
  public String toString() {
    return "records="
        + records
        + " applied="
        + applied
        + " duplicates="
        + duplicates
        + " deadLettered="
        + deadLettered;
  }
}
