package io.sac4cps.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode (contracts/events/cloudevent.schema.json), the
 * body of every Kafka record and SNS message. Attribute names are the CloudEvents wire names.
 *
 * <p>Plain Jackson needs {@code jackson-datatype-jsr310} registered (and dates written as strings)
 * for {@code time}; Micronaut Serde handles it out of the box.
 *
 * @param tenantid extension attribute: the tenant the event belongs to
 * @param traceparent extension attribute (CloudEvents distributed tracing): W3C trace context of
 *     the span that produced the event, set when it is written to the outbox
 * @param tracestate extension attribute: the W3C {@code tracestate} that goes with it, if any
 * @param <T> the event's data record, e.g. {@link SensorReadingRecorded}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloudEvent<T>(
    String specversion,
    String id,
    String source,
    String type,
    Instant time,
    String subject,
    String datacontenttype,
    @Nullable String dataschema,
    String tenantid,
    @Nullable String traceparent,
    @Nullable String tracestate,
    T data) {

  public static final String SPEC_VERSION = "1.0";
  public static final String CONTENT_TYPE = "application/json";

  @Creator
  public CloudEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(tenantid, "tenantid");
    Objects.requireNonNull(data, "data");
  }

  /** This event as produced under the trace context {@code traceparent}/{@code tracestate}. */
  public CloudEvent<T> tracedBy(String traceparent, @Nullable String tracestate) {
    return new CloudEvent<>(
        specversion,
        id,
        source,
        type,
        time,
        subject,
        datacontenttype,
        dataschema,
        tenantid,
        traceparent,
        tracestate,
        data);
  }

  /**
   * A new event with a random id, the current time and the standard attributes.
   *
   * @param type the versioned type, e.g. {@link SensorReadingRecorded#TYPE}
   * @param function the producing function, which makes the source {@code /sac4cps/<function>}
   */
  public static <T> CloudEvent<T> of(
      String type, String function, String subject, String tenantId, T data) {
    return of(type, function, subject, tenantId, Instant.now(), data);
  }

  /**
   * As {@link #of(String, String, String, String, Object)}, at {@code time} (an injected clock).
   */
  public static <T> CloudEvent<T> of(
      String type, String function, String subject, String tenantId, Instant time, T data) {
    return produced(
        UUID.randomUUID().toString(), source(function), type, time, subject, tenantId, data);
  }

  /**
   * An event as a producer builds it: the standard attributes, no schema URI, and no trace yet (the
   * outbox stamps it, {@link #tracedBy}).
   *
   * @param id the event's id, given when a retry must produce the same event again
   * @param source as {@link #source(String)} makes it
   */
  public static <T> CloudEvent<T> produced(
      String id,
      String source,
      String type,
      Instant time,
      String subject,
      String tenantId,
      T data) {
    return new CloudEvent<>(
        SPEC_VERSION,
        id,
        source,
        type,
        time,
        subject,
        CONTENT_TYPE,
        null,
        tenantId,
        null,
        null,
        data);
  }

  public static String source(String function) {
    return "/sac4cps/" + function;
  }
}
