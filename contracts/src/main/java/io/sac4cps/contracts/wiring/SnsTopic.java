package io.sac4cps.contracts.wiring;

import java.util.List;

/** An SNS topic of discrete business events, fanned out to SQS queues. */
public record SnsTopic(String name, List<String> producers, List<SnsSubscription> subscriptions) {

  public SnsTopic {
    producers = List.copyOf(producers);
    subscriptions = List.copyOf(subscriptions);
  }
}
