package io.sac4cps.platform.outbox;

import io.sac4cps.platform.telemetry.TraceContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One event to publish. {@code id} is the event's id (consumers dedupe on it), {@code key} the
 * Kafka record key (null for SNS), {@code payload} the serialized CloudEvent as UTF-8: kept as the
 * bytes the broker gets, so a thousand events are encoded once, not once per hop.
 */
public record OutboxMessage(String id, Destination destination, String key, byte[] payload) {

  public OutboxMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(payload, "payload");
  }

  /** The trace context the event was produced under (its {@code traceparent} extension). */
  public Optional<TraceContext> traceContext() {
    return TraceContext.ofCloudEvent(payload);
  }

  /** The event's {@code tenantid}, for the publish span; null when not a CloudEvent. */
  public String tenantId() {
    return TraceContext.attributeOf(payload, "tenantid");
  }

  /** The payload as text, for brokers whose API takes strings (SNS). */
  public String payloadText() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OutboxMessage that
        && id.equals(that.id)
        && destination.equals(that.destination)
        && Objects.equals(key, that.key)
        && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, destination, key, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "OutboxMessage[id=" + id + ", destination=" + destination + ", key=" + key + "]";
  }
}
