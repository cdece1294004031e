package io.sac4cps.tasks.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The one place a task changes status (docs/decisions/0030): cancellation by a user, the owners'
 * reports, timeouts. Every change is checked against {@link TaskStatus#next()}; an illegal one is
 * refused with the reason, never applied.
 */
public final class TaskLifecycle {
  /**
   * The longest an owner waits before a retry (SQS's largest message delay, decision 0032): a
   * retrying task is silent that long on purpose, so its timeout counts from the end of the wait.
   */
  public static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(900);

  private TaskLifecycle() {}

  /**
   * A user cancels: a pending task is cancelled at once (its owner is told, so it never starts), a
   * running one is cancelling until its owner confirms; cancelling or cancelled again changes
   * nothing; a finished task cannot be cancelled.
   */
  public static Transition cancel(Task task, Instant now) {
    return switch (task.status()) {
      case PENDING -> new Transition.Changed(task, task.next(TaskStatus.CANCELLED, now), true);
      case RUNNING -> new Transition.Changed(task, task.next(TaskStatus.CANCELLING, now), true);
      case CANCELLING, CANCELLED ->
          new Transition.Unchanged(task, "task is already " + task.status().wireName());
      case SUCCEEDED, FAILED, TIMED_OUT ->
          new Transition.Refused(
              task,
              "task " + task.id() + " is " + task.status().wireName() + ": nothing to cancel");
    };
  }

  /**
   * Applies an owner's report: dropped when its sequence is not above the last applied; refused
   * when its status cannot follow the task's. Running (and retrying) reports on a running task
   * update its progress and attempts; on a cancelling task they do not undo the cancel. {@code now}
   * (tasks' clock) is the task's latest activity, from which timeouts count.
   */
  public static Transition apply(Task task, OwnerReport report, Instant now) {
    if (report.sequence() <= task.reportSequence()) {
      return new Transition.Unchanged(
          task,
          "stale report: sequence "
              + report.sequence()
              + " is not above "
              + task.reportSequence()
              + ", the last applied");
    }
    TaskStatus asked = report.state().status();
    TaskStatus target =
        asked == TaskStatus.RUNNING && task.status() == TaskStatus.CANCELLING
            ? TaskStatus.CANCELLING
            : asked;
    boolean progressOnly = target == task.status() && !target.isFinal();
    if (!progressOnly && !task.status().mayBecome(target)) {
      return new Transition.Refused(
          task,
          "illegal transition "
              + task.status().wireName()
              + " → "
              + target.wireName()
              + " ("
              + report.state().name().toLowerCase(java.util.Locale.ROOT)
              + " report "
              + report.sequence()
              + ")");
    }
    Task after =
        task.reported(
                report.sequence(),
                report.attempt(),
                report.progress(),
                report.at(),
                report.state() == OwnerReport.State.RETRYING ? now.plus(MAX_RETRY_DELAY) : now)
            .next(target, report.at());
    if (target == TaskStatus.SUCCEEDED) {
      after = after.withResult(report.result());
    } else if (target == TaskStatus.FAILED) {
      after = after.withError(report.error());
    }
    return new Transition.Changed(task, after, false);
  }

  /**
   * A running or cancelling task whose owner reported nothing for longer than {@code limit} ends
   * timed-out, and its owner is told to stop in case it is still at it.
   */
  public static Transition timeOut(Task task, Instant now, Duration limit) {
    boolean active = task.status() == TaskStatus.RUNNING || task.status() == TaskStatus.CANCELLING;
    if (!active || !silentLongerThan(task, now, limit)) {
      return new Transition.Unchanged(task, "not silent for longer than " + limit);
    }
    TaskProblem problem =
        new TaskProblem(
            TaskProblem.TIMED_OUT_TYPE,
            "The task timed out.",
            504,
            "Its owner reported no progress for more than " + limit.toSeconds() + " seconds.");
    return new Transition.Changed(
        task, task.next(TaskStatus.TIMED_OUT, now).withError(problem), true);
  }

  /**
   * A pending task its owner never started within {@code window} (its work queue's whole delivery
   * window: every receive timed out or failed, so the message is dead-lettered) ends failed; the
   * owner is told, so a late start is cancelled (decision 0031).
   */
  public static Transition neverStarted(Task task, Instant now, Duration window) {
    if (task.status() != TaskStatus.PENDING || !silentLongerThan(task, now, window)) {
      return new Transition.Unchanged(task, "not pending for longer than " + window);
    }
    TaskProblem problem =
        new TaskProblem(
            TaskProblem.NEVER_STARTED_TYPE,
            "The task never started.",
            500,
            "Its owner did not start it within "
                + window.toMinutes()
                + " minutes: the work message was dead-lettered.");
    return new Transition.Changed(task, task.next(TaskStatus.FAILED, now).withError(problem), true);
  }

  private static boolean silentLongerThan(Task task, Instant now, Duration limit) {
    return task.lastActivityAt().plus(limit).isBefore(now);
  }
}
