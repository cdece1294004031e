package io.sac4cps.analytics.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.analytics.domain.Aggregation;
import io.sac4cps.analytics.domain.Bucket;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The response of {@code GET /analytics/trends}. */
@Serdeable
record TrendView(
    String metric,
    String interval,
    String tz,
    List<String> agg,
    String roomId,
    String building,
    Instant from,
    Instant to,
    List<Point> points) {

  /** One bucket; a gap has {@code count} 0 and no values. Only the requested aggregates appear. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Point(Instant t, Instant end, long count, Double min, Double max, Double avg, Double sum) {

    static Point of(Bucket b, Set<Aggregation> agg) {
      return new Point(
          b.start(),
          b.end(),
          b.count(),
          agg.contains(Aggregation.MIN) ? b.min() : null,
          agg.contains(Aggregation.MAX) ? b.max() : null,
          agg.contains(Aggregation.AVG) ? b.avg() : null,
          agg.contains(Aggregation.SUM) ? b.sum() : null);
    }
  }
}
