package io.sac4cps.rooms.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.outbox.OutboxMessage;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.rooms.domain.Alert;
import io.sac4cps.rooms.domain.AlertPolicy;
import io.sac4cps.rooms.domain.Limits;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.domain.Room;
import io.sac4cps.rooms.domain.Series;
import io.sac4cps.rooms.events.AlertEvents;
import io.sac4cps.rooms.events.RoomEvents;
import io.sac4cps.rooms.store.AlertStore;
import io.sac4cps.rooms.store.MetricState;
import io.sac4cps.rooms.store.MetricStateStore;
import io.sac4cps.rooms.store.RoomStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces a room's thresholds. An active alert on a metric that no longer has a threshold is
 * resolved at once (alert.resolved.v1 with the metric's latest value); the debounce counters of
 * every metric restart, since they counted against the old limits. room.changed.v1 carries the new
 * limits to the functions that keep a copy. Active alerts on metrics that keep a threshold stay
 * until readings clear them under the new limits.
 */
@Singleton
public class ThresholdReplacement {
  private final TransactionOperations<Connection> transactions;
  private final RoomStore rooms;
  private final MetricStateStore states;
  private final AlertStore alerts;
  private final AlertEvents alertEvents;
  private final RoomEvents roomEvents;
  private final Outbox outbox;
  private final Clock clock;

  public ThresholdReplacement(
      TransactionOperations<Connection> transactions,
      RoomStore rooms,
      MetricStateStore states,
      AlertStore alerts,
      AlertEvents alertEvents,
      RoomEvents roomEvents,
      Outbox outbox,
      Clock clock) {
    this.transactions = transactions;
    this.rooms = rooms;
    this.states = states;
    this.alerts = alerts;
    this.alertEvents = alertEvents;
    this.roomEvents = roomEvents;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** The room with its new thresholds, and when they changed. */
  public record Replaced(Room room, Instant updatedAt) {}

  /** 404 for a room the tenant does not have. */
  public Replaced replace(String tenantId, String roomId, Map<Metric, Limits> thresholds) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return transactions.executeWrite(
        status -> {
          rooms.find(tenantId, roomId).orElseThrow(() -> ProblemException.notFound("Room", roomId));
          Map<Series, MetricState> locked = states.lockRoom(tenantId, roomId);
          rooms.replaceThresholds(tenantId, roomId, thresholds, now);
          List<OutboxMessage> events = new ArrayList<>();
          for (Alert alert : alerts.activeInRoom(tenantId, roomId)) {
            if (!thresholds.containsKey(alert.series().metric())) {
              MetricState state = locked.get(alert.series());
              double value = state != null && state.value() != null ? state.value() : alert.value();
              alerts.resolve(alert, value, now);
              events.add(alertEvents.resolved(alert, value, now));
            }
          }
          for (Series series : locked.keySet()) {
            states.update(series, null, AlertPolicy.Streaks.NONE);
          }
          Room replaced = rooms.find(tenantId, roomId).orElseThrow();
          events.add(roomEvents.changed(replaced, now));
          outbox.addAll(events);
          return new Replaced(replaced, now);
        });
  }
}
