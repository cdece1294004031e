package io.sac4cps.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * Data of {@value #TYPE}: a room metric crossed a threshold, on SNS {@link Topics#ALERTS}; the
 * event's subject is the alert id.
 *
 * @param value the value that crossed the limit
 * @param threshold the room's limits for the metric when the alert was raised
 * @param crossed which limit was crossed: {@value #CROSSED_MIN} or {@value #CROSSED_MAX}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertRaised(
    String alertId,
    String roomId,
    @Nullable String sensorId,
    String metric,
    double value,
    @Nullable String unit,
    Threshold threshold,
    String crossed,
    Instant raisedAt) {

  public static final String TYPE = "alert.raised.v1";
  public static final String CROSSED_MIN = "min";
  public static final String CROSSED_MAX = "max";
}
