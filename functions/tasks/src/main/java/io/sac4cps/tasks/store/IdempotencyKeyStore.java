package io.sac4cps.tasks.store;

import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Idempotency-Key rows: per tenant and key, the request's fingerprint and the task it created; the
 * caller's transaction.
 */
@Singleton
public class IdempotencyKeyStore {

  /** A key as recorded. */
  public record Recorded(String fingerprint, String taskId) {}

  private final JdbcStatements sql;

  public IdempotencyKeyStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /**
   * Claims the key for the rest of the transaction, without waiting: false when another transaction
   * (a request with the same key still in flight) holds it. A transaction-scoped advisory lock, so
   * a crashed request never leaves the key held.
   */
  public boolean tryClaim(String tenantId, String key) {
    return sql.queryOne(
            "SELECT pg_try_advisory_xact_lock(hashtextextended(? || chr(10) || ?, 0))",
            s -> {
              s.setString(1, tenantId);
              s.setString(2, key);
            },
            rs -> rs.getBoolean(1))
        .orElse(false);
  }

  /** The key's row unless it is older than {@code retention} (then it is as good as purged). */
  public Optional<Recorded> find(String tenantId, String key, Duration retention) {
    return sql.queryOne(
        "SELECT fingerprint, task_id FROM idempotency_key WHERE tenant_id = ? AND key = ?"
            + " AND created_at >= now() - make_interval(secs => ?)",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, key);
          s.setLong(3, retention.toSeconds());
        },
        rs -> new Recorded(rs.getString(1), rs.getString(2)));
  }

  /** Records the key, replacing an expired row the purge has not deleted yet. */
  public void record(String tenantId, String key, String fingerprint, String taskId) {
    sql.update(
        "INSERT INTO idempotency_key (tenant_id, key, fingerprint, task_id) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (tenant_id, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
            + " task_id = EXCLUDED.task_id, created_at = now()",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, key);
          s.setString(3, fingerprint);
          s.setString(4, taskId);
        });
  }

  /** Deletes at most {@code limit} rows older than {@code retention}. */
  public int deleteOlderThan(Duration retention, int limit) {
    return sql.update(
        "DELETE FROM idempotency_key WHERE (tenant_id, key) IN (SELECT tenant_id, key"
            + " FROM idempotency_key WHERE created_at < now() - make_interval(secs => ?) LIMIT ?)",
        s -> {
          s.setLong(1, retention.toSeconds());
          s.setInt(2, limit);
        });
  }
}
