package io.sac4cps.rooms.events;

import io.sac4cps.contracts.events.AlertAcknowledged;
import io.sac4cps.contracts.events.AlertRaised;
import io.sac4cps.contracts.events.AlertResolved;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.Threshold;
import io.sac4cps.contracts.events.Topics;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.outbox.OutboxMessage;
import io.sac4cps.platform.telemetry.Metric;
import io.sac4cps.platform.telemetry.Metrics;
import io.sac4cps.rooms.domain.Alert;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Outbox messages for alert.raised.v1, alert.resolved.v1 and alert.acknowledged.v1 on SNS {@code
 * alerts}, each counted as EMF ({@code AlertsRaised}, {@code AlertsResolved}, {@code
 * AlertsAcknowledged} per {@code Measurement}, decision 0049). Counted where the event is recorded:
 * an alert is raised, resolved or acknowledged exactly when its event is (a batch that rolls back
 * and is redelivered counts its alerts twice, a rare over-count).
 */
@Singleton
public class AlertEvents {
  static final String FUNCTION = "rooms";
  private static final Destination ALERTS = Destination.sns(Topics.ALERTS);

  private final Outbox outbox;
  private final Clock clock;
  private final Metrics metrics;

  public AlertEvents(Outbox outbox, Clock clock, Metrics metrics) {
    this.outbox = outbox;
    this.clock = clock;
    this.metrics = metrics;
  }

  public OutboxMessage raised(Alert alert) {
    AlertRaised data =
        new AlertRaised(
            alert.id(),
            alert.series().roomId(),
            alert.sensorId(),
            alert.series().metric().wireName(),
            alert.value(),
            alert.unit(),
            new Threshold(alert.limits().min(), alert.limits().max()),
            alert.crossed().wireName(),
            alert.raisedAt());
    count(alert, "AlertsRaised");
    return message(alert, AlertRaised.TYPE, data);
  }

  public OutboxMessage resolved(Alert alert, double value, Instant resolvedAt) {
    AlertResolved data =
        new AlertResolved(
            alert.id(),
            alert.series().roomId(),
            alert.series().metric().wireName(),
            value,
            alert.raisedAt(),
            resolvedAt);
    count(alert, "AlertsResolved");
    return message(alert, AlertResolved.TYPE, data);
  }

  public OutboxMessage acknowledged(Alert alert, Alert.Acknowledgement acknowledgement) {
    AlertAcknowledged data =
        new AlertAcknowledged(
            alert.id(),
            alert.series().roomId(),
            alert.series().metric().wireName(),
            acknowledgement.by(),
            acknowledgement.at());
    count(alert, "AlertsAcknowledged");
    return message(alert, AlertAcknowledged.TYPE, data);
  }

  private void count(Alert alert, String name) {
    metrics.emit(Map.of("Measurement", alert.series().metric().wireName()), Metric.count(name, 1));
  }

  private <T> OutboxMessage message(Alert alert, String type, T data) {
    CloudEvent<T> event =
        CloudEvent.of(type, FUNCTION, alert.id(), alert.series().tenantId(), clock.instant(), data);
    return outbox.message(event.id(), ALERTS, alert.series().roomId(), event);
  }
}
