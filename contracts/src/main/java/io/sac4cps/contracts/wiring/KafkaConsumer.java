package io.sac4cps.contracts.wiring;

/**
 * A Lambda event-source mapping on a Kafka topic. Records the handler cannot process go to the SQS
 * queue {@code dlq} (the mapping's on-failure destination).
 *
 * @param name the consumer's name in its {@code processed_event} rows (idempotency on event id is
 *     per consumer); it must not change once events were processed
 */
public record KafkaConsumer(
    String name, String function, String handler, int batchSize, String dlq, boolean planned) {

  /**
   * The consumer group: one per function and topic, so functions never steal each other's records.
   */
  public String groupId(String topic) {
    return function + "." + topic;
  }
}
