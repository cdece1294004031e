package io.sac4cps.tasks.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskLifecycleTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static Task pending() {
    return Task.pending("t-1", "task-1", "sensor-data-export", Map.of(), "user-1", T0);
  }

  private static OwnerReport report(OwnerReport.State state, long sequence, Instant at) {
    return new OwnerReport(
        "t-1",
        "task-1",
        "sensor-data-export",
        state,
        1,
        sequence,
        at,
        new Progress(sequence * 10, 100L, "step " + sequence),
        state == OwnerReport.State.SUCCEEDED ? new TaskResult("done", null) : null,
        state == OwnerReport.State.FAILED ? new TaskProblem(null, "broke", null, null) : null,
        null);
  }

  private static Task changed(Transition transition) {
    assertThat(transition).isInstanceOf(Transition.Changed.class);
    return transition.task();
  }

  @Test
  void aRunningReportStartsAPendingTaskAndNumbersTheEvent() {
    Task running =
        changed(
            TaskLifecycle.apply(
                pending(),
                report(OwnerReport.State.RUNNING, 1, T0.plusSeconds(1)),
                T0.plusSeconds(2)));

    assertThat(running.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(running.attempts()).isEqualTo(1);
    assertThat(running.reportSequence()).isEqualTo(1);
    assertThat(running.eventSequence()).isEqualTo(2);
    assertThat(running.progress()).isEqualTo(new Progress(10, 100L, "step 1"));
  }

  @Test
  void aReportNotAboveTheLastAppliedIsStaleAndChangesNothing() {
    Task running =
        changed(TaskLifecycle.apply(pending(), report(OwnerReport.State.RUNNING, 2, T0), T0));

    Transition stale = TaskLifecycle.apply(running, report(OwnerReport.State.RUNNING, 1, T0), T0);
    Transition again = TaskLifecycle.apply(running, report(OwnerReport.State.SUCCEEDED, 2, T0), T0);

    assertThat(stale).isInstanceOf(Transition.Unchanged.class);
    assertThat(again).isInstanceOf(Transition.Unchanged.class);
    assertThat(stale.task()).isSameAs(running);
  }

  @Test
  void aFinalTaskRefusesEveryLaterReport() {
    Task succeeded =
        changed(TaskLifecycle.apply(pending(), report(OwnerReport.State.SUCCEEDED, 1, T0), T0));

    Transition late = TaskLifecycle.apply(succeeded, report(OwnerReport.State.RUNNING, 2, T0), T0);
    Transition failed = TaskLifecycle.apply(succeeded, report(OwnerReport.State.FAILED, 3, T0), T0);

    assertThat(late).isInstanceOf(Transition.Refused.class);
    assertThat(((Transition.Refused) late).reason()).contains("succeeded → running");
    assertThat(failed).isInstanceOf(Transition.Refused.class);
    assertThat(succeeded.result().summary()).isEqualTo("done");
    assertThat(succeeded.finishedAt()).isEqualTo(T0);
  }

  @Test
  void cancellingAPendingTaskEndsItAndTellsTheOwnerNeverToStart() {
    Transition cancel = TaskLifecycle.cancel(pending(), T0.plusSeconds(5));

    assertThat(cancel).isInstanceOf(Transition.Changed.class);
    assertThat(((Transition.Changed) cancel).stopOwner()).isTrue();
    assertThat(cancel.task().status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(cancel.task().startedAt()).isNull();
    assertThat(cancel.task().finishedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(TaskLifecycle.cancel(cancel.task(), T0.plusSeconds(6)))
        .isInstanceOf(Transition.Unchanged.class);
  }

  @Test
  void aCancellingTaskStaysCancellingOnProgressAndEndsOnTheOwnersCancelledReport() {
    Task running =
        changed(TaskLifecycle.apply(pending(), report(OwnerReport.State.RUNNING, 1, T0), T0));
    Task cancelling = changed(TaskLifecycle.cancel(running, T0.plusSeconds(1)));

    Task progressed =
        changed(TaskLifecycle.apply(cancelling, report(OwnerReport.State.RUNNING, 2, T0), T0));
    Task cancelled =
        changed(TaskLifecycle.apply(progressed, report(OwnerReport.State.CANCELLED, 3, T0), T0));

    assertThat(cancelling.status()).isEqualTo(TaskStatus.CANCELLING);
    assertThat(progressed.status()).isEqualTo(TaskStatus.CANCELLING);
    assertThat(progressed.progress().done()).isEqualTo(20);
    assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(TaskLifecycle.cancel(cancelling, T0)).isInstanceOf(Transition.Unchanged.class);
  }

  @Test
  void aFinishedTaskCannotBeCancelled() {
    Task failed =
        changed(TaskLifecycle.apply(pending(), report(OwnerReport.State.FAILED, 1, T0), T0));

    Transition cancel = TaskLifecycle.cancel(failed, T0);

    assertThat(cancel).isInstanceOf(Transition.Refused.class);
    assertThat(failed.error().title()).isEqualTo("broke");
  }

  @Test
  void aSilentRunningTaskTimesOutOnlyAfterItsLimit() {
    Task running =
        changed(TaskLifecycle.apply(pending(), report(OwnerReport.State.RUNNING, 1, T0), T0));
    Duration limit = Duration.ofSeconds(300);

    Transition early = TaskLifecycle.timeOut(running, T0.plusSeconds(300), limit);
    Transition late = TaskLifecycle.timeOut(running, T0.plusSeconds(301), limit);

    assertThat(early).isInstanceOf(Transition.Unchanged.class);
    assertThat(late.task().status()).isEqualTo(TaskStatus.TIMED_OUT);
    assertThat(late.task().error().status()).isEqualTo(504);
    assertThat(((Transition.Changed) late).stopOwner()).isTrue();
    assertThat(TaskLifecycle.timeOut(pending(), T0.plusSeconds(10_000), limit))
        .as("a pending task does not time out; it may never start instead")
        .isInstanceOf(Transition.Unchanged.class);
  }

  @Test
  void aRetryingTaskIsNotTimedOutWhileItsOwnerWaitsToRetry() {
    Task running =
        changed(TaskLifecycle.apply(pending(), report(OwnerReport.State.RUNNING, 1, T0), T0));
    Task retrying =
        changed(TaskLifecycle.apply(running, report(OwnerReport.State.RETRYING, 2, T0), T0));
    Duration limit = Duration.ofSeconds(300);

    assertThat(retrying.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(TaskLifecycle.timeOut(retrying, T0.plusSeconds(900 + 300), limit))
        .isInstanceOf(Transition.Unchanged.class);
    assertThat(TaskLifecycle.timeOut(retrying, T0.plusSeconds(900 + 301), limit).task().status())
        .isEqualTo(TaskStatus.TIMED_OUT);
  }

  @Test
  void aPendingTaskNeverStartedWithinTheDeliveryWindowFails() {
    Duration window = Duration.ofMinutes(80);

    Transition failed =
        TaskLifecycle.neverStarted(pending(), T0.plus(window).plusSeconds(1), window);

    assertThat(failed.task().status()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.task().error().detail()).contains("dead-lettered");
    assertThat(TaskLifecycle.neverStarted(pending(), T0.plus(window), window))
        .isInstanceOf(Transition.Unchanged.class);
  }

  @Test
  void theTransitionsOfTheStateMachine() {
    assertThat(TaskStatus.PENDING.mayBecome(TaskStatus.CANCELLING)).isFalse();
    assertThat(TaskStatus.RUNNING.mayBecome(TaskStatus.PENDING)).isFalse();
    assertThat(TaskStatus.CANCELLING.mayBecome(TaskStatus.RUNNING)).isFalse();
    for (TaskStatus status : TaskStatus.values()) {
      assertThat(status.next().isEmpty()).as(status.name()).isEqualTo(status.isFinal());
    }
  }
}
