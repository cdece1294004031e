package io.sac4cps.infra.plan;

import java.util.List;

/** An SNS topic, the deployed functions that publish to it, and the queues it fans out to. */
public record TopicDeployment(
    String name, List<String> producers, List<Subscription> subscriptions) {

  /** {@code rawMessageDelivery} hands the queue the bare message instead of SNS's envelope. */
  public record Subscription(String queue, boolean rawMessageDelivery) {}
}
