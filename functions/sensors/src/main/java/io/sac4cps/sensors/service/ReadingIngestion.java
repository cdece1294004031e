package io.sac4cps.sensors.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.outbox.OutboxMessage;
import io.sac4cps.platform.telemetry.Metric;
import io.sac4cps.platform.telemetry.Metrics;
import io.sac4cps.sensors.domain.Reading;
import io.sac4cps.sensors.domain.ReadingCheck;
import io.sac4cps.sensors.domain.ReadingInput;
import io.sac4cps.sensors.domain.Rejection;
import io.sac4cps.sensors.domain.Sensor;
import io.sac4cps.sensors.events.ReadingRecordedEvents;
import io.sac4cps.sensors.store.ReadingStore;
import io.sac4cps.sensors.store.SensorStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores a request's readings and their events in one transaction; the outbox publishes the events
 * after the commit. What is committed is never lost: if the broker is down the events wait in the
 * outbox.
 */
@Singleton
public class ReadingIngestion {
  private final TransactionOperations<Connection> transactions;
  private final SensorStore sensors;
  private final ReadingStore readings;
  private final ReadingRecordedEvents events;
  private final Outbox outbox;
  private final Clock clock;
  private final Metrics metrics;

  public ReadingIngestion(
      TransactionOperations<Connection> transactions,
      SensorStore sensors,
      ReadingStore readings,
      ReadingRecordedEvents events,
      Outbox outbox,
      Clock clock,
      Metrics metrics) {
    this.metrics = metrics;
    this.transactions = transactions;
    this.sensors = sensors;
    this.readings = readings;
    this.events = events;
    this.outbox = outbox;
    this.clock = clock;
  }

  public record Result(int accepted, int duplicates, List<Rejection> rejected) {}

  public Result ingest(String tenantId, List<ReadingInput> inputs, String fieldPrefix) {
    Result result = store(tenantId, inputs, fieldPrefix);
    metrics.emit(
        Map.of(),
        Metric.count("ReadingsAccepted", result.accepted()),
        Metric.count("ReadingsDuplicate", result.duplicates()),
        Metric.count("ReadingsRejected", result.rejected().size()));
    return result;
  }

  private Result store(String tenantId, List<ReadingInput> inputs, String fieldPrefix) {
    Instant now = clock.instant();
    return transactions.executeWrite(
        status -> {
          Set<String> sensorIds = new LinkedHashSet<>();
          inputs.stream()
              .filter(i -> i != null && i.sensorId() != null)
              .forEach(i -> sensorIds.add(i.sensorId()));
          ReadingCheck.Outcome outcome =
              ReadingCheck.check(inputs, fieldPrefix, sensors.findAll(tenantId, sensorIds), now);
          if (outcome.valid().isEmpty()) {
            return new Result(0, 0, outcome.rejected());
          }
          // The first occurrence of a key in the request is the one stored; repeats are
          // duplicates.
          Map<ReadingStore.Key, ReadingCheck.Checked> unique = new LinkedHashMap<>();
          for (ReadingCheck.Checked checked : outcome.valid()) {
            unique.putIfAbsent(ReadingStore.Key.of(checked.reading()), checked);
          }
          List<Reading> inserted =
              readings.insertNew(
                  tenantId, unique.values().stream().map(ReadingCheck.Checked::reading).toList());
          List<OutboxMessage> messages = new ArrayList<>(inserted.size());
          for (Reading reading : inserted) {
            Sensor sensor = unique.get(ReadingStore.Key.of(reading)).sensor();
            messages.add(events.message(sensor, reading, now));
          }
          outbox.addAll(messages);
          return new Result(
              messages.size(), outcome.valid().size() - messages.size(), outcome.rejected());
        });
  }
}
