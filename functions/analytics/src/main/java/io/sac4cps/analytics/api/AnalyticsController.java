package io.sac4cps.analytics.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.SerdeImport;
import io.sac4cps.analytics.domain.Aggregation;
import io.sac4cps.analytics.domain.Summary;
import io.sac4cps.analytics.service.Summaries;
import io.sac4cps.analytics.service.Trends;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;

/** The building dashboard summary and calendar trends. */
@Controller("/analytics")
@Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
@SerdeImport(Summary.class)
@SerdeImport(Summary.Figure.class)
@SerdeImport(Summary.Occupancy.class)
@SerdeImport(Summary.RoomUtilisation.class)
@SerdeImport(Summary.Energy.class)
@SerdeImport(Summary.Comfort.class)
@SerdeImport(Summary.Alerts.class)
@SerdeImport(Summary.RoomAlerts.class)
@SerdeImport(Summary.DataHealth.class)
@SerdeImport(Summary.SensorStatus.class)
@SerdeImport(Summary.RoomOccupancy.class)
@SerdeImport(Summary.RoomComfort.class)
@SerdeImport(Summary.RoomSummary.class)
public class AnalyticsController {
  private final Summaries summaries;
  private final Trends trends;

  public AnalyticsController(Summaries summaries, Trends trends) {
    this.summaries = summaries;
    this.trends = trends;
  }

  @Get("/summary")
  public Summary summary(
      Caller caller,
      @Nullable @QueryValue String building,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to) {
    SummaryQuery query = SummaryQuery.parse(building, from, to, summaries.now());
    return summaries.summary(caller.tenantId(), query.building(), query.from(), query.to());
  }

  @Get("/trends")
  public TrendView trends(
      Caller caller,
      @Nullable @QueryValue String metric,
      @Nullable @QueryValue String roomId,
      @Nullable @QueryValue String building,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String interval,
      @Nullable @QueryValue String tz,
      @Nullable @QueryValue String agg) {
    TrendQuery query =
        TrendQuery.parse(metric, roomId, building, from, to, interval, tz, agg, trends.now());
    trends.fill(
        caller.tenantId(),
        query.metric(),
        query.roomId(),
        query.building(),
        query.zone(),
        query.buckets());
    return new TrendView(
        query.metric().wireName(),
        query.interval().wireName(),
        query.zone().getId(),
        query.aggregations().stream().map(Aggregation::wireName).toList(),
        query.roomId(),
        query.building(),
        query.buckets().from(),
        query.buckets().to(),
        query.buckets().buckets().stream()
            .map(b -> TrendView.Point.of(b, query.aggregations()))
            .toList());
  }
}
