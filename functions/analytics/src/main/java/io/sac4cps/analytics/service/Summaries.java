package io.sac4cps.analytics.service;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.analytics.domain.RoomFacts;
import io.sac4cps.analytics.domain.Summary;
import io.sac4cps.analytics.store.RoomStore;
import io.sac4cps.analytics.store.SummaryStore;
import io.sac4cps.platform.problem.ProblemException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The dashboard summary of a tenant or one building. */
@Singleton
public class Summaries {
  private final TransactionOperations<Connection> transactions;
  private final RoomStore rooms;
  private final SummaryStore figures;
  private final Clock clock;
  private final Duration staleAfter;

  public Summaries(
      TransactionOperations<Connection> transactions,
      RoomStore rooms,
      SummaryStore figures,
      Clock clock,
      @Value("${analytics.stale-after:1h}") Duration staleAfter) {
    this.transactions = transactions;
    this.rooms = rooms;
    this.figures = figures;
    this.clock = clock;
    this.staleAfter = staleAfter;
  }

  public Instant now() {
    return clock.instant();
  }

  /** Over {@code [from, to)} (whole hours); 404 for a building analytics knows no room of. */
  public Summary summary(String tenantId, String building, Instant from, Instant to) {
    Instant previousFrom = from.minus(Duration.between(from, to));
    return transactions.executeRead(
        status -> {
          Map<String, RoomFacts> known = rooms.rooms(tenantId, building);
          if (building != null && known.isEmpty()) {
            throw ProblemException.notFound("Building", building);
          }
          List<String> roomIds = new ArrayList<>(known.keySet());
          if (building == null) {
            roomIds.addAll(rooms.undescribedRoomsWithSensors(tenantId, known.keySet()));
          }
          // The whole tenant: no room filter, so rooms analytics heard of only through alerts
          // count too.
          List<String> scope = building == null ? null : roomIds;
          return Summary.of(
              new Summary.Inputs(
                  from,
                  to,
                  previousFrom,
                  clock.instant(),
                  staleAfter,
                  building,
                  known,
                  roomIds,
                  figures.roomPeriods(tenantId, scope, previousFrom, from, to),
                  figures.sensorHealth(tenantId, scope, previousFrom, from, to),
                  figures.alerts(tenantId, scope, from, to),
                  figures.alerts(tenantId, scope, previousFrom, from),
                  figures.topAlertRooms(tenantId, scope, from, to, Summary.TOP),
                  figures.topAlertRooms(tenantId, scope, from, to, Integer.MAX_VALUE)));
        });
  }
}
