package io.sac4cps.notifications.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.time.Instant;

/** Sends per tenant, channel and hour, for the rate limits; the caller's transaction. */
@Singleton
public class ChannelUsageStore {
  private final JdbcStatements sql;

  public ChannelUsageStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** Counts one more send in the window and returns the window's count including it. */
  public int take(String tenantId, Channel channel, Instant window) {
    return sql.queryOne(
            "INSERT INTO channel_usage (tenant_id, channel, window_start, sends) VALUES (?, ?, ?, 1)"
                + " ON CONFLICT (tenant_id, channel, window_start)"
                + " DO UPDATE SET sends = channel_usage.sends + 1 RETURNING sends",
            s -> {
              s.setString(1, tenantId);
              s.setString(2, channel.wireName());
              s.setTimestamp(3, timestamp(window));
            },
            rs -> rs.getInt(1))
        .orElseThrow();
  }
}
