package io.sac4cps.analytics.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.analytics.domain.CalendarBuckets;
import io.sac4cps.analytics.domain.Metric;
import io.sac4cps.analytics.domain.Resolution;
import io.sac4cps.analytics.store.RoomStore;
import io.sac4cps.analytics.store.TrendStore;
import io.sac4cps.platform.problem.ProblemException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** One metric over calendar buckets, for a room, a building or the whole tenant. */
@Singleton
public class Trends {
  private final TransactionOperations<Connection> transactions;
  private final RoomStore rooms;
  private final TrendStore trends;
  private final Clock clock;

  public Trends(
      TransactionOperations<Connection> transactions,
      RoomStore rooms,
      TrendStore trends,
      Clock clock) {
    this.transactions = transactions;
    this.rooms = rooms;
    this.trends = trends;
    this.clock = clock;
  }

  public Instant now() {
    return clock.instant();
  }

  /**
   * Fills {@code buckets}; 404 for a room or building analytics knows nothing of. Hour aggregates
   * serve zones whose boundaries fall on UTC hours, quarter-hour aggregates the others.
   */
  public void fill(
      String tenantId,
      Metric metric,
      String roomId,
      String building,
      ZoneId zone,
      CalendarBuckets buckets) {
    Resolution source =
        CalendarBuckets.hourAligned(zone, buckets.from(), buckets.to())
            ? Resolution.HOUR
            : Resolution.QUARTER_HOUR;
    transactions.executeRead(
        status -> {
          List<String> roomIds = null;
          if (roomId != null) {
            if (!rooms.isKnown(tenantId, roomId)) {
              throw ProblemException.notFound("Room", roomId);
            }
            roomIds = List.of(roomId);
          } else if (building != null) {
            roomIds = new ArrayList<>(rooms.rooms(tenantId, building).keySet());
            if (roomIds.isEmpty()) {
              throw ProblemException.notFound("Building", building);
            }
          }
          trends.fill(tenantId, roomIds, metric, source, buckets);
          return null;
        });
  }
}
