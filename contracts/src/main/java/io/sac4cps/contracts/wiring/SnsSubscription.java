package io.sac4cps.contracts.wiring;

/**
 * An SQS queue subscribed to an SNS topic. Without raw delivery the queue receives SNS's JSON
 * envelope whose {@code Message} is the CloudEvent.
 */
public record SnsSubscription(String queue, boolean rawMessageDelivery) {}
