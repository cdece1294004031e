package io.sac4cps.platform.consumer;

import io.micronaut.context.annotation.Value;
import io.sac4cps.platform.retention.ExpiringRows;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

  private final Duration retention;

  public ProcessedEventRetention(
      @Value("${sac4cps.retention.processed-events:30d}") Duration retention) {
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
  public int deleteExpired(Connection connection, int limit) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
      delete.setLong(1, retention.toSeconds());
      delete.setInt(2, limit);
      return delete.executeUpdate();
    }
  }
}
