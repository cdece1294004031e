package io.sac4cps.platform.outbox;

/**
 * One event to publish. {@code id} is the event's id (consumers dedupe on it), {@code key} the
 * Kafka record key (null for SNS), {@code payload} the serialized CloudEvent.
 */
public record OutboxMessage(String id, Destination destination, String key, String payload) {}
