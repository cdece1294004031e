package io.sac4cps.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * Data of {@value #TYPE}: a room metric is back within its thresholds, on SNS {@link
 * Topics#ALERTS}; the event's subject is the alert id.
 *
 * @param value the value back within limits
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertResolved(
    String alertId,
    String roomId,
    String metric,
    double value,
    @Nullable Instant raisedAt,
    Instant resolvedAt) {

  public static final String TYPE = "alert.resolved.v1";
}
