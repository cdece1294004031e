package io.sac4cps.rooms.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;
import io.sac4cps.rooms.api.RoomViews.HistoryPointView;
import io.sac4cps.rooms.api.RoomViews.RoomHistoryView;
import io.sac4cps.rooms.api.RoomViews.RoomMetricsView;
import io.sac4cps.rooms.domain.HistoryPoint;
import io.sac4cps.rooms.service.RoomMetrics;
import java.util.List;

/** A room's live metrics, active alerts, comfort, and history from rollups. */
@Controller("/rooms/{id}")
@Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
public class RoomMetricsController {
  private final RoomMetrics metrics;

  public RoomMetricsController(RoomMetrics metrics) {
    this.metrics = metrics;
  }

  @Get("/metrics")
  public RoomMetricsView metrics(Caller caller, @PathVariable String id) {
    RoomMetrics.Snapshot snapshot = metrics.metrics(caller.tenantId(), id);
    return RoomMetricsView.of(id, snapshot.values(), snapshot.activeAlerts(), snapshot.comfort());
  }

  @Get("/history")
  public RoomHistoryView history(
      Caller caller,
      @PathVariable String id,
      @Nullable @QueryValue String metric,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String interval) {
    HistoryQuery query = HistoryQuery.parse(metric, from, to, interval, metrics.now());
    List<HistoryPoint> points =
        metrics.history(
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
}
