package io.sac4cps.tasks.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A task of one tenant. Changed only through {@link TaskLifecycle}, which validates every
 * transition.
 *
 * @param params the kind's parameters as the client gave them (checked on creation)
 * @param attempts attempts the owner started so far (a continuation is the same attempt)
 * @param lastActivityAt creation or the last report applied (after a retrying report, the end of
 *     the owner's longest retry delay): what timeouts measure silence from
 * @param reportSequence the last owner report applied; one at or below it is stale
 * @param eventSequence the last task.status-changed.v1 of the task
 * @param result once succeeded, else null
 * @param error once failed or timed out, else null
 */
public record Task(
    String tenantId,
    String id,
    String kind,
    Map<String, Object> params,
    TaskStatus status,
    Progress progress,
    int attempts,
    String createdBy,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant lastActivityAt,
    long reportSequence,
    long eventSequence,
    TaskResult result,
    TaskProblem error) {

  public Task {
    params = Map.copyOf(params);
  }

  /** A new task, queued: its first event (sequence 1) says so. */
  public static Task pending(
      String tenantId,
      String id,
      String kind,
      Map<String, Object> params,
      String createdBy,
      Instant now) {
    return new Task(
        tenantId,
        id,
        kind,
        params,
        TaskStatus.PENDING,
        Progress.NONE,
        0,
        createdBy,
        now,
        null,
        null,
        now,
        0,
        1,
        null,
        null);
  }

  /** The same task after one more event, in {@code status}. */
  Task next(TaskStatus status, Instant at) {
    return changed(status, status.isFinal() ? at : null, eventSequence + 1, result, error);
  }

  /**
   * @param at when the owner says it reported
   * @param now when tasks applied it: silence is measured on tasks' clock, not the owner's
   */
  Task reported(long sequence, int attempt, Progress reportedProgress, Instant at, Instant now) {
    return new Task(
        tenantId,
        id,
        kind,
        params,
        status,
        reportedProgress == null ? progress : reportedProgress,
        Math.max(attempts, attempt),
        createdBy,
        createdAt,
        // Any report means the owner started the task.
        startedAt == null ? at : startedAt,
        finishedAt,
        now,
        sequence,
        eventSequence,
        result,
        error);
  }

  Task withResult(TaskResult taskResult) {
    return changed(status, finishedAt, eventSequence, taskResult, error);
  }

  Task withError(TaskProblem problem) {
    return changed(status, finishedAt, eventSequence, result, problem);
  }

  /** The same task with what an event changes: its status and outcome. */
  private Task changed(
      TaskStatus newStatus,
      Instant newFinishedAt,
      long newEventSequence,
      TaskResult newResult,
      TaskProblem newError) {
    return new Task(
        tenantId,
        id,
        kind,
        params,
        newStatus,
        progress,
        attempts,
        createdBy,
        createdAt,
        startedAt,
        newFinishedAt,
        lastActivityAt,
        reportSequence,
        newEventSequence,
        newResult,
        newError);
  }
}
