package io.sac4cps.analytics.store;

import io.sac4cps.analytics.domain.AlertChange;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;

/** Alerts as raised and resolved on SNS {@code alerts}; a raise and a resolution merge. */
@Singleton
public class AlertStore {
  private final JdbcStatements sql;

  public AlertStore(JdbcStatements sql) {
    this.sql = sql;
  }

  public void record(AlertChange change) {
    sql.update(
        """
        INSERT INTO alert AS a (tenant_id, id, room_id, metric, raised_at, resolved_at)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (tenant_id, id) DO UPDATE
          SET raised_at = coalesce(a.raised_at, excluded.raised_at),
              resolved_at = coalesce(excluded.resolved_at, a.resolved_at)
        """,
        insert -> {
          insert.setString(1, change.tenantId());
          insert.setString(2, change.alertId());
          insert.setString(3, change.roomId());
          insert.setString(4, change.metric().wireName());
          insert.setTimestamp(5, JdbcStatements.timestamp(change.raisedAt()));
          insert.setTimestamp(6, JdbcStatements.timestamp(change.resolvedAt()));
        });
  }
}
