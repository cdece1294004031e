package io.sac4cps.contracts.wiring;

import java.util.List;

/**
 * An ordered, replayable Kafka stream.
 *
 * @param key what the record key is (e.g. "sensor id"), which fixes the ordering guarantee
 */
public record KafkaTopic(
    String topic,
    int partitions,
    String key,
    List<String> producers,
    List<KafkaConsumer> consumers) {

  public KafkaTopic {
    producers = List.copyOf(producers);
    consumers = List.copyOf(consumers);
  }
}
