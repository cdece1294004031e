package io.sac4cps.analytics.store;

import io.micronaut.context.annotation.Value;
import io.sac4cps.platform.retention.ExpiringRows;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Quarter-hour aggregates expire after {@code analytics.retention.quarter-hour-aggregates} (400
 * days: a year of trends in any zone); they serve trends in zones whose offset is not a whole
 * number of hours. Hour aggregates stay. The platform's scheduled purge deletes them (decision
 * 0012).
 */
@Singleton
public class QuarterHourAggregateRetention implements ExpiringRows {
  private final ReadingAggregateStore aggregates;
  private final Duration retention;

  public QuarterHourAggregateRetention(
      ReadingAggregateStore aggregates,
      @Value("${analytics.retention.quarter-hour-aggregates:400d}") Duration retention) {
    this.aggregates = aggregates;
    this.retention = retention;
  }

  @Override
  public String name() {
    return "reading_quarter";
  }

  @Override
  public Duration retention() {
    return retention;
  }

  @Override
  public int deleteExpired(int limit) {
    return aggregates.deleteExpiredQuarterHours(retention, limit);
  }
}
