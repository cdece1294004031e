package io.sac4cps.platform.tasks;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a task this function runs stands, from its run record: for a function that answers about
 * its own kind of task (analytics' {@code GET /analytics/reports/{id}}) without asking tasks.
 */
@Singleton
public class TaskStates {
  private final JdbcStatements sql;

  TaskStates(TransactionOperations<Connection> transactions) {
    this.sql = new JdbcStatements(transactions);
  }

  /**
   * A run as task.status-changed.v1 names its status: {@code running}, {@code cancelling} (a cancel
   * is on its way to the run), {@code succeeded}, {@code failed} or {@code cancelled}.
   *
   * @param updatedAt when the record last changed: the end, for a finished run
   */
  public record TaskState(String status, int attempt, Instant updatedAt) {
    public boolean finished() {
      return !status.equals("running") && !status.equals("cancelling");
    }
  }

  /** The tenant's task's state; empty before its work reached this function (pending). */
  public Optional<TaskState> find(String tenantId, String taskId) {
    return sql.queryOne(
        "SELECT state, cancel_requested, attempt, updated_at FROM task_run"
            + " WHERE task_id = ? AND tenant_id = ?",
        s -> {
          s.setString(1, taskId);
          s.setString(2, tenantId);
        },
        row -> {
          String state = row.getString("state");
          boolean cancelling = TaskRuns.RUNNING.equals(state) && row.getBoolean("cancel_requested");
          return new TaskState(
              cancelling ? "cancelling" : state,
              row.getInt("attempt"),
              JdbcStatements.instant(row, "updated_at"));
        });
  }
}
