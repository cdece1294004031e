package io.sac4cps.platform.consumer;

import io.micronaut.json.tree.JsonNode;
import java.time.Instant;

/**
 * A CloudEvent as a consumer receives it: the envelope's attributes checked, {@code data} still a
 * JSON tree for the consumer to decode by {@link #type()}.
 *
 * @param type the type with its version, e.g. {@code sensor.reading.recorded.v1}
 * @param tenantId the {@code tenantid} extension: the tenant the event belongs to
 */
public record InboundEvent(
    String id,
    String source,
    String type,
    String subject,
    String tenantId,
    Instant time,
    JsonNode data) {}
