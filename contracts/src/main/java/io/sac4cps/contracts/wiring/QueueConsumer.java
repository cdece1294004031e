package io.sac4cps.contracts.wiring;

/**
 * The function and handler class an SQS event-source mapping feeds; the handler reports partial
 * batch failures.
 */
public record QueueConsumer(String function, String handler, boolean planned) {}
