package io.sac4cps.contracts.wiring;

/**
 * A Lambda event-source mapping on a Kafka topic. Records the handler cannot process go to the SQS
 * queue {@code dlq} (the mapping's on-failure destination).
 */
public record KafkaConsumer(
    String function, String handler, int batchSize, String dlq, boolean planned) {

  /**
   * The consumer group: one per function and topic, so functions never steal each other's records.
   */
  public String groupId(String topic) {
    return function + "." + topic;
  }
}
