package io.sac4cps.notifications.store;

import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;

/** The last applied sequence of each task's events; the caller's transaction. */
@Singleton
public class TaskSequenceStore {
  private final JdbcStatements sql;

  public TaskSequenceStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** Records {@code sequence} as the task's latest; false (nothing changed) when it is stale. */
  public boolean advance(String tenantId, String taskId, long sequence) {
    return sql.update(
            "INSERT INTO task_sequence (tenant_id, task_id, sequence) VALUES (?, ?, ?)"
                + " ON CONFLICT (tenant_id, task_id) DO UPDATE SET sequence = EXCLUDED.sequence"
                + " WHERE task_sequence.sequence < EXCLUDED.sequence",
            s -> {
              s.setString(1, tenantId);
              s.setString(2, taskId);
              s.setLong(3, sequence);
            })
        > 0;
  }
}
