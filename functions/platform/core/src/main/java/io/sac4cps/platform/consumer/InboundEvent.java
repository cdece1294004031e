package io.sac4cps.platform.consumer;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.sac4cps.platform.telemetry.TraceContext;
import java.time.Instant;

/**
 * A CloudEvent as a consumer receives it: the envelope's attributes checked, {@code data} still a
 * JSON tree for the consumer to decode by {@link #type()}.
 *
 * @param type the type with its version, e.g. {@code sensor.reading.recorded.v1}
 * @param tenantId the {@code tenantid} extension: the tenant the event belongs to
 * @param trace the trace context it came with: the publish span's (SNS notification attributes) or
 *     the producer's ({@code traceparent} extension); null when untraced
 */
public record InboundEvent(
    String id,
    String source,
    String type,
    String subject,
    String tenantId,
    Instant time,
    JsonNode data,
    @Nullable TraceContext trace) {

  public InboundEvent(
      String id,
      String source,
      String type,
      String subject,
      String tenantId,
      Instant time,
      JsonNode data) {
    this(id, source, type, subject, tenantId, time, data, null);
  }
}
