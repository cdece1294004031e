package io.sac4cps.platform.consumer;

import io.micronaut.context.annotation.Value;
import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.platform.retention.ExpiringRows;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * {@code processed_event} rows expire after {@code sac4cps.retention.processed-events} (30 days):
 * longer than any broker can deliver an event again (SQS keeps a message at most 14 days, the Kafka
 * topics 7), so a redelivery always finds its id (decision 0012).
 */
@Singleton
public class ProcessedEventRetention implements ExpiringRows {
  private static final String DELETE =
      "DELETE FROM processed_event WHERE (consumer, event_id) IN (SELECT consumer, event_id"
          + " FROM processed_event WHERE processed_at < now() - make_interval(secs => ?) LIMIT ?)";

  private final JdbcStatements sql;
  private final Duration retention;

  public ProcessedEventRetention(
      JdbcStatements sql, @Value("${sac4cps.retention.processed-events:30d}") Duration retention) {
    this.sql = sql;
    this.retention = retention;
  }

  @Override
  public String name() {
    return "processed_event";
  }

  @Override
  public Duration retention() {
    return retention;
  }

  @Override
  public int deleteExpired(int limit) {
    return sql.update(
        DELETE,
        delete -> {
          delete.setLong(1, retention.toSeconds());
          delete.setInt(2, limit);
        });
  }
}
