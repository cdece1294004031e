package io.sac4cps.analytics.store;

import io.micronaut.context.annotation.Value;
import io.sac4cps.platform.retention.ExpiringRows;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Minute aggregates expire after {@code analytics.retention.minute-aggregates}: they serve trends
 * in zones whose offset is not a whole number of hours; hour aggregates stay. The platform's
 * scheduled purge deletes them (decision 0012).
 */
@Singleton
public class MinuteAggregateRetention implements ExpiringRows {
  private final ReadingAggregateStore aggregates;
  private final Duration retention;

  public MinuteAggregateRetention(
      ReadingAggregateStore aggregates,
      @Value("${analytics.retention.minute-aggregates:35d}") Duration retention) {
    this.aggregates = aggregates;
    this.retention = retention;
  }

  @Override
  public String name() {
    return "reading_minute";
  }

  @Override
  public Duration retention() {
    return retention;
  }

  @Override
  public int deleteExpired(int limit) {
    return aggregates.deleteExpiredMinutes(retention, limit);
  }
}
