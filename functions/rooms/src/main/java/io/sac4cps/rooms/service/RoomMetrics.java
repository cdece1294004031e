package io.sac4cps.rooms.service;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.DefaultTransactionDefinition;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.rooms.domain.Alert;
import io.sac4cps.rooms.domain.Comfort;
import io.sac4cps.rooms.domain.CurrentValue;
import io.sac4cps.rooms.domain.HistoryInterval;
import io.sac4cps.rooms.domain.HistoryPoint;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.store.AlertStore;
import io.sac4cps.rooms.store.MetricStateStore;
import io.sac4cps.rooms.store.RollupStore;
import io.sac4cps.rooms.store.RoomStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A room's live metrics, active alerts and comfort, and its history from rollups. */
@Singleton
public class RoomMetrics {
  public static final Duration COMFORT_WINDOW = Duration.ofHours(24);
  private static final TransactionDefinition ONE_SNAPSHOT = oneSnapshot();

  private final TransactionOperations<Connection> transactions;
  private final RoomStore rooms;
  private final MetricStateStore states;
  private final AlertStore alerts;
  private final RollupStore rollups;
  private final Clock clock;

  public RoomMetrics(
      TransactionOperations<Connection> transactions,
      RoomStore rooms,
      MetricStateStore states,
      AlertStore alerts,
      RollupStore rollups,
      Clock clock) {
    this.transactions = transactions;
    this.rooms = rooms;
    this.states = states;
    this.alerts = alerts;
    this.rollups = rollups;
    this.clock = clock;
  }

  /** What GET /rooms/{id}/metrics shows, all from one snapshot. */
  public record Snapshot(List<CurrentValue> values, List<Alert> activeAlerts, Comfort comfort) {}

  /** A read-only REPEATABLE READ transaction: every query in it sees the same committed state. */
  private static TransactionDefinition oneSnapshot() {
    DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
    definition.setIsolationLevel(TransactionDefinition.Isolation.REPEATABLE_READ);
    definition.setReadOnly(true);
    return definition;
  }

  /**
   * Values, alerts and comfort from one snapshot: the projection changes a value and raises or
   * resolves its alert in one transaction, and separate reads could show one without the other.
   * Comfort covers the last {@link #COMFORT_WINDOW} up to the end of the current minute.
   */
  public Snapshot metrics(String tenantId, String roomId) {
    requireRoom(tenantId, roomId);
    Instant to = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    return transactions.execute(
        ONE_SNAPSHOT,
        status -> {
          Comfort comfort = rollups.comfort(tenantId, roomId, to.minus(COMFORT_WINDOW), to);
          return new Snapshot(
              states.current(tenantId, roomId), alerts.activeInRoom(tenantId, roomId), comfort);
        });
  }

  /**
   * Points of [{@code from}, {@code to}) at {@code interval}, oldest first, at most {@code max}.
   */
  public List<HistoryPoint> history(
      String tenantId,
      String roomId,
      Metric metric,
      HistoryInterval interval,
      Instant from,
      Instant to,
      int max) {
    requireRoom(tenantId, roomId);
    return transactions.executeRead(
        status -> rollups.history(tenantId, roomId, metric, interval, from, to, max));
  }

  /** The time queries without bounds are relative to. */
  public Instant now() {
    return clock.instant();
  }

  private void requireRoom(String tenantId, String roomId) {
    if (transactions.executeRead(status -> rooms.find(tenantId, roomId)).isEmpty()) {
      throw ProblemException.notFound("Room", roomId);
    }
  }
}
