package io.sac4cps.platform.tasks;

import io.micronaut.core.annotation.Nullable;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.TaskProgressReported;
import io.sac4cps.contracts.events.Topics;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Records {@code task.progress-reported.v1} for Kafka {@link Topics#TASK_REPORTS} (keyed by task
 * id) in the caller's transaction, with the run record's next sequence: tasks applies a task's
 * reports in that order and drops any it has seen. Published after the commit (platform's Outbox).
 */
@Singleton
class TaskReports {
  private final Outbox outbox;
  private final TaskRuns runs;
  private final Clock clock;

  TaskReports(Outbox outbox, TaskRuns runs, Clock clock) {
    this.outbox = outbox;
    this.runs = runs;
    this.clock = clock;
  }

  /** What one report says, besides the task and its sequence. */
  record Report(
      String state,
      int attempt,
      TaskProgressReported.@Nullable Progress progress,
      @Nullable TaskResult result,
      TaskProgressReported.@Nullable Problem error) {

    static Report running(int attempt, TaskProgressReported.@Nullable Progress progress) {
      return new Report(TaskProgressReported.RUNNING, attempt, progress, null, null);
    }

    static Report of(String state, int attempt) {
      return new Report(state, attempt, null, null, null);
    }
  }

  void record(String owner, String tenantId, String taskId, String kind, Report report) {
    long sequence = runs.nextReportSequence(taskId);
    TaskProgressReported data =
        new TaskProgressReported(
            taskId,
            kind,
            report.state(),
            report.attempt(),
            sequence,
            clock.instant(),
            report.progress(),
            report.result() == null
                ? null
                : new TaskProgressReported.Result(
                    report.result().summary(), report.result().file()),
            report.error());
    CloudEvent<TaskProgressReported> event =
        CloudEvent.of(TaskProgressReported.TYPE, owner, taskId, tenantId, clock.instant(), data);
    outbox.add(outbox.message(event.id(), Destination.kafka(Topics.TASK_REPORTS), taskId, event));
  }

  /** A problem for {@code error} from an exception: its class and message, bounded. */
  static TaskProgressReported.Problem problem(String title, Throwable error) {
    String detail =
        error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    return problem(title, detail);
  }

  static TaskProgressReported.Problem problem(String title, String detail) {
    return new TaskProgressReported.Problem(
        null, title, null, detail.length() > 2000 ? detail.substring(0, 2000) : detail);
  }
}
