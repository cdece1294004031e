package io.sac4cps.sensors.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.sensors.domain.Reading;
import io.sac4cps.sensors.store.ReadingStore;
import io.sac4cps.sensors.store.SensorStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A page of one sensor's readings; 404 for a sensor the tenant does not have. */
@Singleton
public class ReadingHistory {
  private static final Duration DEFAULT_WINDOW = Duration.ofDays(1);

  private final TransactionOperations<Connection> transactions;
  private final SensorStore sensors;
  private final ReadingStore readings;
  private final Clock clock;

  public ReadingHistory(
      TransactionOperations<Connection> transactions,
      SensorStore sensors,
      ReadingStore readings,
      Clock clock) {
    this.transactions = transactions;
    this.sensors = sensors;
    this.readings = readings;
    this.clock = clock;
  }

  /** The window a query without {@code to} (now) and {@code from} (a day before it) covers. */
  public record Window(Instant from, Instant to) {}

  public Window window(Instant from, Instant to) {
    Instant end = to == null ? clock.instant() : to;
    Instant start = from == null ? end.minus(DEFAULT_WINDOW) : from;
    if (!start.isBefore(end)) {
      throw ProblemException.badRequest("from", "must be before 'to'");
    }
    return new Window(start, end);
  }

  /**
   * Readings in the window, oldest first after {@code after} (or newest first before it), at most
   * {@code limit}.
   */
  public List<Reading> page(
      String tenantId,
      String sensorId,
      Window window,
      Instant after,
      boolean newestFirst,
      int limit) {
    return transactions.executeRead(
        status -> {
          if (sensors.find(tenantId, sensorId).isEmpty()) {
            throw ProblemException.notFound("Sensor", sensorId);
          }
          return readings.page(
              tenantId, sensorId, window.from(), window.to(), after, newestFirst, limit);
        });
  }
}
