package io.sac4cps.platform.tasks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The run records of platform migration V0_4 ({@code task_run}): one per task this function was
 * asked to run. Every method runs in the caller's transaction; {@link #lock} takes the row lock
 * that serialises the invocations working on one task (the run, a cancel, a redelivery).
 */
@Singleton
class TaskRuns {
  static final String RUNNING = "running";
  static final String SUCCEEDED = "succeeded";
  static final String FAILED = "failed";
  static final String CANCELLED = "cancelled";

  private static final String COLUMNS =
      "task_id, tenant_id, kind, params, created_by, attempt, state, work_event_id, run_id, lease_until,"
          + " cancel_requested, checkpoint, report_sequence";

  private final JdbcStatements sql;

  TaskRuns(TransactionOperations<Connection> transactions) {
    this.sql = new JdbcStatements(transactions);
  }

  /** A run record. */
  record Run(
      String taskId,
      String tenantId,
      String kind,
      @Nullable String params,
      @Nullable String createdBy,
      int attempt,
      String state,
      @Nullable String workEventId,
      @Nullable String runId,
      @Nullable Instant leaseUntil,
      boolean cancelRequested,
      @Nullable String checkpoint,
      long reportSequence) {

    boolean finished() {
      return !RUNNING.equals(state);
    }

    boolean leasedAt(Instant now) {
      return leaseUntil != null && leaseUntil.isAfter(now);
    }
  }

  Optional<Run> lock(String taskId) {
    return sql.queryOne(
        "SELECT " + COLUMNS + " FROM task_run WHERE task_id = ? FOR UPDATE",
        s -> s.setString(1, taskId),
        TaskRuns::run);
  }

  /** A new record; false when another invocation inserted one first (then {@link #lock} it). */
  boolean insert(
      String taskId,
      String tenantId,
      String kind,
      @Nullable String params,
      @Nullable String createdBy,
      int attempt,
      String state,
      @Nullable String workEventId,
      @Nullable Instant leaseUntil,
      boolean cancelRequested) {
    return sql.update(
            "INSERT INTO task_run (task_id, tenant_id, kind, params, created_by, attempt, state,"
                + " work_event_id, lease_until, cancel_requested)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (task_id) DO NOTHING",
            s -> {
              s.setString(1, taskId);
              s.setString(2, tenantId);
              s.setString(3, kind);
              s.setString(4, params);
              s.setString(5, createdBy);
              s.setInt(6, attempt);
              s.setString(7, state);
              s.setString(8, workEventId);
              s.setTimestamp(9, JdbcStatements.timestamp(leaseUntil));
              s.setBoolean(10, cancelRequested);
            })
        == 1;
  }

  /**
   * A record that is over before any run: attempt 1, no work message may take it; a cancelled one
   * has its cancel flag set. False when another invocation inserted one first.
   */
  boolean insertFinished(String taskId, String tenantId, String kind, String state) {
    return insert(
        taskId, tenantId, kind, null, null, 1, state, null, null, CANCELLED.equals(state));
  }

  /** An invocation takes the run until {@code leaseUntil} (its deadline). */
  void lease(String taskId, String workEventId, int attempt, String runId, Instant leaseUntil) {
    sql.update(
        "UPDATE task_run SET work_event_id = ?, attempt = ?, run_id = ?, lease_until = ?,"
            + " updated_at = now() WHERE task_id = ?",
        s -> {
          s.setString(1, workEventId);
          s.setInt(2, attempt);
          s.setString(3, runId);
          s.setTimestamp(4, JdbcStatements.timestamp(leaseUntil));
          s.setString(5, taskId);
        });
  }

  /** No invocation holds the run; only the work message {@code next} may take it. */
  void handOver(String taskId, String next, int attempt) {
    sql.update(
        "UPDATE task_run SET work_event_id = ?, attempt = ?, run_id = NULL, lease_until = NULL,"
            + " updated_at = now() WHERE task_id = ?",
        s -> {
          s.setString(1, next);
          s.setInt(2, attempt);
          s.setString(3, taskId);
        });
  }

  void saveCheckpoint(String taskId, String checkpoint) {
    sql.update(
        "UPDATE task_run SET checkpoint = ?, updated_at = now() WHERE task_id = ?",
        s -> {
          s.setString(1, checkpoint);
          s.setString(2, taskId);
        });
  }

  void requestCancel(String taskId) {
    sql.update(
        "UPDATE task_run SET cancel_requested = true, updated_at = now() WHERE task_id = ?",
        s -> s.setString(1, taskId));
  }

  boolean cancelRequested(String taskId) {
    return sql.queryOne(
            "SELECT cancel_requested FROM task_run WHERE task_id = ?",
            s -> s.setString(1, taskId),
            rs -> rs.getBoolean(1))
        .orElse(false);
  }

  /** Ends the run: a final state, no lease, no message may take it any more. */
  void finish(String taskId, String state) {
    sql.update(
        "UPDATE task_run SET state = ?, run_id = NULL, lease_until = NULL, work_event_id = NULL,"
            + " updated_at = now() WHERE task_id = ?",
        s -> {
          s.setString(1, state);
          s.setString(2, taskId);
        });
  }

  /** Deletes at most {@code limit} finished records last changed more than {@code age} ago. */
  int deleteFinishedBefore(Duration age, int limit) {
    return sql.update(
        "DELETE FROM task_run WHERE task_id IN (SELECT task_id FROM task_run"
            + " WHERE state <> '"
            + RUNNING
            + "' AND updated_at < now() - make_interval(secs => ?) LIMIT ?)",
        s -> {
          s.setLong(1, age.toSeconds());
          s.setInt(2, limit);
        });
  }

  /** The next report's sequence: one above the last, across invocations. */
  long nextReportSequence(String taskId) {
    return sql.queryOne(
            "UPDATE task_run SET report_sequence = report_sequence + 1 WHERE task_id = ?"
                + " RETURNING report_sequence",
            s -> s.setString(1, taskId),
            rs -> rs.getLong(1))
        .orElseThrow(() -> new IllegalStateException("no run record for task " + taskId));
  }

  private static Run run(ResultSet rs) throws SQLException {
    return new Run(
        rs.getString("task_id"),
        rs.getString("tenant_id"),
        rs.getString("kind"),
        rs.getString("params"),
        rs.getString("created_by"),
        rs.getInt("attempt"),
        rs.getString("state"),
        rs.getString("work_event_id"),
        rs.getString("run_id"),
        JdbcStatements.instant(rs, "lease_until"),
        rs.getBoolean("cancel_requested"),
        rs.getString("checkpoint"),
        rs.getLong("report_sequence"));
  }
}
