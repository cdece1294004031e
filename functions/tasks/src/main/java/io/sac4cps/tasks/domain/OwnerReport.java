package io.sac4cps.tasks.domain;

import java.time.Instant;

/**
 * What the function that runs a task reported (task.progress-reported.v1), decoded.
 *
 * @param sequence per task, grows by one with every report of the owner
 * @param progress null when the report carries none
 * @param result with {@link State#SUCCEEDED}, else null
 * @param error with {@link State#FAILED} (and {@link State#RETRYING}: why), else null
 * @param submitted on the owner's first report: the task as asked for, else null
 */
public record OwnerReport(
    String tenantId,
    String taskId,
    String kind,
    State state,
    int attempt,
    long sequence,
    Instant at,
    Progress progress,
    TaskResult result,
    TaskProblem error,
    Submitted submitted) {

  /** A task as its owner's work message asked for it (one the owner may have queued itself). */
  public record Submitted(java.util.Map<String, Object> params, String createdBy) {}

  /** The report's {@code state}. */
  public enum State {
    RUNNING,
    RETRYING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** The status the report asks for; running and retrying both mean the task is running. */
    TaskStatus status() {
      return switch (this) {
        case RUNNING, RETRYING -> TaskStatus.RUNNING;
        case SUCCEEDED -> TaskStatus.SUCCEEDED;
        case FAILED -> TaskStatus.FAILED;
        case CANCELLED -> TaskStatus.CANCELLED;
      };
    }
  }
}
