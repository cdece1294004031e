package io.sac4cps.tasks.store;

import io.micronaut.context.annotation.Value;
import io.sac4cps.platform.retention.ExpiringRows;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Idempotency-Key rows expire after {@code tasks.idempotency.retention} (24 hours): a client
 * retries within minutes, and the draft lets a server forget a key after a window it documents
 * (decisions 0012, 0030).
 */
@Singleton
public class IdempotencyKeyRetention implements ExpiringRows {
  private final IdempotencyKeyStore keys;
  private final Duration retention;

  public IdempotencyKeyRetention(
      IdempotencyKeyStore keys, @Value("${tasks.idempotency.retention:24h}") Duration retention) {
    this.keys = keys;
    this.retention = retention;
  }

  @Override
  public String name() {
    return "idempotency_key";
  }

  @Override
  public Duration retention() {
    return retention;
  }

  @Override
  public int deleteExpired(int limit) {
    return keys.deleteOlderThan(retention, limit);
  }
}
