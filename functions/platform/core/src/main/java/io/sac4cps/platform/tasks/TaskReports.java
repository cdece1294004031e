package io.sac4cps.platform.tasks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.TaskProgressReported;
import io.sac4cps.contracts.events.Topics;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;

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
  private final JsonMapper json;

  TaskReports(Outbox outbox, TaskRuns runs, Clock clock, JsonMapper json) {
    this.outbox = outbox;
    this.runs = runs;
    this.clock = clock;
    this.json = json;
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
            report.error(),
            sequence == 1 ? submitted(taskId) : null);
    CloudEvent<TaskProgressReported> event =
        CloudEvent.of(TaskProgressReported.TYPE, owner, taskId, tenantId, clock.instant(), data);
    outbox.add(outbox.message(event.id(), Destination.kafka(Topics.TASK_REPORTS), taskId, event));
  }

  /**
   * The task as its work message asked for it, for tasks to create one it does not know (a report
   * the owner queued itself, decision 0042); null when the record holds no params (a cancel came
   * first).
   */
  @SuppressWarnings("unchecked")
  private TaskProgressReported.@Nullable Submitted submitted(String taskId) {
    TaskRuns.Run run = runs.lock(taskId).orElse(null);
    if (run == null
        || run.params() == null
        || run.createdBy() == null
        || run.createdBy().isEmpty()) {
      return null;
    }
    try {
      return new TaskProgressReported.Submitted(
          json.readValue(run.params(), Map.class), run.createdBy());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
