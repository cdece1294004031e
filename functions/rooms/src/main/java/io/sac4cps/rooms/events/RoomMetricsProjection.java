package io.sac4cps.rooms.events;

import io.sac4cps.contracts.wiring.KafkaConsumer;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.platform.consumer.EventProjection;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.platform.consumer.SensorReadingDecoder;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.outbox.OutboxMessage;
import io.sac4cps.rooms.domain.Alert;
import io.sac4cps.rooms.domain.AlertPolicy;
import io.sac4cps.rooms.domain.Limits;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.domain.Reading;
import io.sac4cps.rooms.domain.RollupDelta;
import io.sac4cps.rooms.domain.Series;
import io.sac4cps.rooms.store.AlertStore;
import io.sac4cps.rooms.store.MetricState;
import io.sac4cps.rooms.store.MetricStateStore;
import io.sac4cps.rooms.store.RollupStore;
import io.sac4cps.rooms.store.RoomStore;
import jakarta.inject.Singleton;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Projects sensor.reading.recorded.v1 into room metrics: minute and hour rollups, each metric's
 * latest value (by reading timestamp: a late reading never replaces a newer one) and threshold
 * alerts under {@link AlertPolicy}, whose events go to the outbox in the same transaction.
 */
@Singleton
public class RoomMetricsProjection implements EventProjection<Reading> {
  private static final KafkaConsumer WIRED =
      Wiring.load().kafkaConsumer(SensorReadingsHandler.class.getName()).orElseThrow().consumer();
  public static final String CONSUMER = WIRED.name();
  public static final String DEAD_LETTER_QUEUE = WIRED.dlq();

  private final SensorReadingDecoder decoder;
  private final RollupStore rollups;
  private final MetricStateStore states;
  private final RoomStore rooms;
  private final AlertStore alerts;
  private final AlertEvents alertEvents;
  private final Outbox outbox;
  private final AlertPolicy policy;

  public RoomMetricsProjection(
      SensorReadingDecoder decoder,
      RollupStore rollups,
      MetricStateStore states,
      RoomStore rooms,
      AlertStore alerts,
      AlertEvents alertEvents,
      Outbox outbox,
      AlertPolicy policy) {
    this.decoder = decoder;
    this.rollups = rollups;
    this.states = states;
    this.rooms = rooms;
    this.alerts = alerts;
    this.alertEvents = alertEvents;
    this.outbox = outbox;
    this.policy = policy;
  }

  @Override
  public String consumer() {
    return CONSUMER;
  }

  @Override
  public String deadLetterQueue() {
    return DEAD_LETTER_QUEUE;
  }

  @Override
  public int batchSize() {
    return WIRED.batchSize();
  }

  @Override
  public Reading decode(InboundEvent event) {
    SensorReadingDecoder.Decoded<Metric> r = decoder.decode(event, Metric::fromWire);
    return new Reading(
        r.tenantId(), r.roomId(), r.sensorId(), r.metric(), r.unit(), r.value(), r.timestamp());
  }

  @Override
  public void apply(List<Reading> readings) {
    if (readings.isEmpty()) {
      return;
    }
    Map<Series, List<Reading>> bySeries =
        readings.stream()
            .collect(Collectors.groupingBy(Reading::series, TreeMap::new, Collectors.toList()));
    // The rooms' locks first, in one global order: concurrent batches never deadlock, and then
    // never wait for each other's rollup rows either.
    Map<Series, MetricState> locked = states.lock(new TreeSet<>(bySeries.keySet()));
    rollups.addMinutesAndHours(RollupDelta.of(readings, ChronoUnit.MINUTES));
    Map<Series, Limits> limits = rooms.thresholds(bySeries.keySet());
    Map<Series, Alert> active = alerts.active(bySeries.keySet());
    Changes changes = new Changes();
    for (var entry : bySeries.entrySet()) {
      advance(
          entry.getKey(),
          entry.getValue(),
          locked.getOrDefault(entry.getKey(), MetricState.NONE),
          limits.get(entry.getKey()),
          active.get(entry.getKey()),
          changes);
    }
    // A statement per kind of change, not per series or alert (decision 0065).
    states.updateAll(changes.advanced);
    alerts.record(changes.raised, changes.resolved);
    // Published after KafkaEventConsumer's transaction commits, on the outbox's publisher thread.
    outbox.addAll(changes.events);
  }

  /** What a batch changes, written set-wise once every series has advanced. */
  private static final class Changes {
    final List<MetricStateStore.Advanced> advanced = new ArrayList<>();
    final List<Alert> raised = new ArrayList<>();
    final List<AlertStore.Resolution> resolved = new ArrayList<>();
    final List<OutboxMessage> events = new ArrayList<>();
  }

  /** Feeds a series' readings newer than its current value, in time order, to its alert state. */
  private void advance(
      Series series,
      List<Reading> readings,
      MetricState state,
      Limits limits,
      Alert activeAlert,
      Changes changes) {
    List<Reading> newer = new ArrayList<>();
    readings.stream()
        .sorted(Comparator.comparing(Reading::timestamp).thenComparing(Reading::sensorId))
        .forEach(
            r -> {
              Reading latest = newer.isEmpty() ? null : newer.get(newer.size() - 1);
              boolean newest =
                  latest == null
                      ? r.isNewerThan(state.timestamp(), state.sensorId())
                      : r.isNewerThan(latest.timestamp(), latest.sensorId());
              if (newest) {
                newer.add(r);
              }
            });
    if (newer.isEmpty()) {
      return;
    }
    AlertPolicy.Streaks streaks = state.streaks();
    Alert alert = activeAlert;
    for (Reading reading : newer) {
      if (limits == null) {
        streaks = AlertPolicy.Streaks.NONE;
        continue;
      }
      AlertPolicy.Step step = policy.step(limits, alert != null, streaks, reading.value());
      streaks = step.streaks();
      Optional<Limits.Crossed> crossed = step.raise();
      if (crossed.isPresent()) {
        alert =
            new Alert(
                "alert-" + UUID.randomUUID(),
                series,
                reading.sensorId(),
                reading.value(),
                reading.unit(),
                limits,
                crossed.get(),
                reading.timestamp());
        changes.raised.add(alert);
        changes.events.add(alertEvents.raised(alert));
      } else if (step.resolve()) {
        changes.resolved.add(
            new AlertStore.Resolution(alert, reading.value(), reading.timestamp()));
        changes.events.add(alertEvents.resolved(alert, reading.value(), reading.timestamp()));
        alert = null;
      }
    }
    changes.advanced.add(
        new MetricStateStore.Advanced(series, newer.get(newer.size() - 1), streaks));
  }
}
