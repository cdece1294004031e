package io.sac4cps.rooms.store;

import io.micronaut.context.annotation.Value;
import io.sac4cps.platform.retention.ExpiringRows;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Minute rollups expire after {@code rooms.retention.minute-rollups} (30 days): they serve 1m and
 * 5m history and the 24-hour comfort summary; older history comes from the hour rollups, which
 * stay. The platform's scheduled purge deletes them (decision 0012).
 */
@Singleton
public class MinuteRollupRetention implements ExpiringRows {
  private final RollupStore rollups;
  private final Duration retention;

  public MinuteRollupRetention(
      RollupStore rollups, @Value("${rooms.retention.minute-rollups:30d}") Duration retention) {
    this.rollups = rollups;
    this.retention = retention;
  }

  @Override
  public String name() {
    return "rollup_minute";
  }

  @Override
  public Duration retention() {
    return retention;
  }

  @Override
  public int deleteExpired(int limit) {
    return rollups.deleteExpiredMinutes(retention, limit);
  }
}
