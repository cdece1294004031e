package io.sac4cps.rooms.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.DefaultTransactionDefinition;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;
import io.sac4cps.rooms.api.RoomViews.HistoryPointView;
import io.sac4cps.rooms.api.RoomViews.RoomHistoryView;
import io.sac4cps.rooms.api.RoomViews.RoomMetricsView;
import io.sac4cps.rooms.domain.Comfort;
import io.sac4cps.rooms.domain.HistoryPoint;
import io.sac4cps.rooms.store.AlertStore;
import io.sac4cps.rooms.store.MetricStateStore;
import io.sac4cps.rooms.store.RollupStore;
import io.sac4cps.rooms.store.RoomStore;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A room's live metrics, active alerts, comfort, and history from rollups. */
@Controller("/rooms/{id}")
@Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
public class RoomMetricsController {
  static final Duration COMFORT_WINDOW = Duration.ofHours(24);
  private static final TransactionDefinition ONE_SNAPSHOT = oneSnapshot();

  private final RoomStore rooms;
  private final MetricStateStore states;
  private final AlertStore alerts;
  private final RollupStore rollups;
  private final TransactionOperations<Connection> transactions;

  public RoomMetricsController(
      RoomStore rooms,
      MetricStateStore states,
      AlertStore alerts,
      RollupStore rollups,
      TransactionOperations<Connection> transactions) {
    this.rooms = rooms;
    this.states = states;
    this.alerts = alerts;
    this.rollups = rollups;
    this.transactions = transactions;
  }

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
   */
  @Get("/metrics")
  public RoomMetricsView metrics(Caller caller, @PathVariable String id) {
    requireRoom(caller, id);
    Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    return transactions.execute(
        ONE_SNAPSHOT,
        status -> {
          Comfort comfort = rollups.comfort(caller.tenantId(), id, to.minus(COMFORT_WINDOW), to);
          return RoomMetricsView.of(
              id,
              states.current(caller.tenantId(), id),
              alerts.activeInRoom(caller.tenantId(), id),
              comfort);
        });
  }

  @Get("/history")
  public RoomHistoryView history(
      Caller caller,
      @PathVariable String id,
      @Nullable @QueryValue String metric,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String interval) {
    HistoryQuery query = HistoryQuery.parse(metric, from, to, interval, Instant.now());
    requireRoom(caller, id);
    List<HistoryPoint> points =
        rollups.history(
            caller.tenantId(),
            id,
            query.metric(),
            query.interval(),
            query.from(),
            query.to(),
            HistoryQuery.MAX_POINTS);
    return new RoomHistoryView(
        id,
        query.metric().wireName(),
        query.interval().wireName(),
        points.stream().map(HistoryPointView::of).toList());
  }

  private void requireRoom(Caller caller, String id) {
    if (rooms.find(caller.tenantId(), id).isEmpty()) {
      throw ProblemException.notFound("Room", id);
    }
  }
}
