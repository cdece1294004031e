package io.sac4cps.analytics.events;

import io.micronaut.json.JsonMapper;
import io.sac4cps.analytics.domain.AlertChange;
import io.sac4cps.analytics.domain.Metric;
import io.sac4cps.analytics.store.AlertStore;
import io.sac4cps.contracts.events.AlertAcknowledged;
import io.sac4cps.contracts.events.AlertRaised;
import io.sac4cps.contracts.events.AlertResolved;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.platform.consumer.EventProjection;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.platform.consumer.PoisonRecordException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * alert.raised.v1 and alert.resolved.v1 from SQS {@code analytics-alerts} into alert statistics;
 * alert.acknowledged.v1 travels the same topic and changes no statistic, so it is consumed as
 * nothing.
 */
@Singleton
public class AlertProjection implements EventProjection<Optional<AlertChange>> {
  static final String QUEUE =
      Wiring.load().queueConsumedBy(AlertsQueueHandler.class.getName()).name();

  private final JsonMapper json;
  private final AlertStore alerts;

  public AlertProjection(JsonMapper json, AlertStore alerts) {
    this.json = json;
    this.alerts = alerts;
  }

  @Override
  public String consumer() {
    return "analytics.alerts";
  }

  @Override
  public String deadLetterQueue() {
    return QUEUE + "-dlq";
  }

  @Override
  public Optional<AlertChange> decode(InboundEvent event) {
    try {
      return switch (event.type()) {
        case AlertRaised.TYPE -> {
          AlertRaised raised = json.readValueFromTree(event.data(), AlertRaised.class);
          yield Optional.of(
              new AlertChange(
                  event.tenantId(),
                  required("alertId", raised.alertId()),
                  required("roomId", raised.roomId()),
                  metric(raised.metric()),
                  required("raisedAt", raised.raisedAt()),
                  null));
        }
        case AlertResolved.TYPE -> {
          AlertResolved resolved = json.readValueFromTree(event.data(), AlertResolved.class);
          yield Optional.of(
              new AlertChange(
                  event.tenantId(),
                  required("alertId", resolved.alertId()),
                  required("roomId", resolved.roomId()),
                  metric(resolved.metric()),
                  resolved.raisedAt(),
                  required("resolvedAt", resolved.resolvedAt())));
        }
        case AlertAcknowledged.TYPE -> Optional.empty();
        default -> throw PoisonRecordException.unknownType(event.type());
      };
    } catch (IOException | RuntimeException e) {
      if (e instanceof PoisonRecordException poison) {
        throw poison;
      }
      throw PoisonRecordException.schemaInvalid("data does not match " + event.type());
    }
  }

  @Override
  public void apply(List<Optional<AlertChange>> changes) {
    changes.forEach(change -> change.ifPresent(alerts::record));
  }

  private static Metric metric(String name) {
    return Metric.fromWire(name)
        .orElseThrow(
            () ->
                PoisonRecordException.schemaInvalid(
                    "data.metric must be one of " + Metric.allowed()));
  }

  private static <T> T required(String field, T value) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw PoisonRecordException.schemaInvalid("data." + field + " is required");
    }
    return value;
  }
}
