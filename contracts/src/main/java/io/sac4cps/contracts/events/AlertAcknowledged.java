package io.sac4cps.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * Data of {@value #TYPE}: a user acknowledged an alert, on SNS {@link Topics#ALERTS}, once per
 * alert (acknowledging again publishes nothing); the event's subject is the alert id.
 *
 * @param acknowledgedBy the user id (token subject) who acknowledged it
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertAcknowledged(
    String alertId, String roomId, String metric, String acknowledgedBy, Instant acknowledgedAt) {

  public static final String TYPE = "alert.acknowledged.v1";
}
