package io.sac4cps.infra.plan;

import java.util.List;

/** A Kafka topic, the deployed functions producing to it and the deployed consumers it feeds. */
public record KafkaTopicDeployment(
    String topic, int partitions, List<String> producers, List<Consumer> consumers) {

  /** A consumer handler; records it cannot process go to the SQS queue {@code dlq}. */
  public record Consumer(String function, String handler, int batchSize, String dlq) {}
}
