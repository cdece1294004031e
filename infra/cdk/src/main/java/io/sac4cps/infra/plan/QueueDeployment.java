package io.sac4cps.infra.plan;

import java.util.Optional;

/** An SQS queue of contracts/wiring.yaml and, when its module exists, the consumer it feeds. */
public record QueueDeployment(
    String name,
    int batchSize,
    int visibilityTimeoutSeconds,
    int maxReceiveCount,
    Optional<Consumer> consumer) {

  /** A consumer handler class inside a function's jar. */
  public record Consumer(String function, String handler) {}
}
