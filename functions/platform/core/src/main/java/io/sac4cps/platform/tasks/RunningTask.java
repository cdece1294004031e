package io.sac4cps.platform.tasks;

import io.micronaut.core.annotation.Nullable;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.TaskProgressReported;
import io.sac4cps.contracts.events.TaskRunRequested;
import io.sac4cps.contracts.wiring.TaskKind;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.storage.ObjectKey;
import io.sac4cps.platform.storage.ObjectStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link TaskContext} of one invocation's run of a task: it holds the run (its work message is
 * the run record's {@code work_event_id}) until the run ends, stops or is taken over.
 */
final class RunningTask implements TaskContext {
  private final TaskWork work;
  private final TaskKind kind;
  private final String tenantId;
  private final TaskRunRequested request;
  private final String runId;
  private final Instant deadline;
  private volatile String checkpoint;
  private TaskProgressReported.Progress progress;
  private Instant progressReportedAt = Instant.MIN;
  private boolean progressReported = true;
  private boolean cancelled;
  private Instant cancelReadAt = Instant.MIN;

  RunningTask(
      TaskWork work,
      TaskKind kind,
      String tenantId,
      TaskRunRequested request,
      String runId,
      Instant deadline,
      @Nullable String checkpoint) {
    this.work = work;
    this.kind = kind;
    this.tenantId = tenantId;
    this.request = request;
    this.runId = runId;
    this.deadline = deadline;
    this.checkpoint = checkpoint;
  }

  @Override
  public String tenantId() {
    return tenantId;
  }

  @Override
  public String taskId() {
    return request.taskId();
  }

  @Override
  public String kind() {
    return request.kind();
  }

  @Override
  public Map<String, Object> params() {
    return request.params();
  }

  @Override
  public String createdBy() {
    return request.createdBy();
  }

  @Override
  public int attempt() {
    return request.attempt();
  }

  @Override
  public <T> Optional<T> checkpoint(Class<T> type) {
    String saved = checkpoint;
    if (saved == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(work.json().readValue(saved, type));
    } catch (IOException e) {
      throw new UncheckedIOException("checkpoint of task " + taskId() + " is not a " + type, e);
    }
  }

  @Override
  public synchronized void progress(long done, @Nullable Long total, @Nullable String message) {
    progress =
        new TaskProgressReported.Progress(
            done,
            total,
            message == null || message.length() <= 200 ? message : message.substring(0, 200));
    progressReported = false;
    if (progressDue()) {
      work.transactions()
          .executeWrite(
              status -> {
                // Only while this invocation holds the run: a worker that lost it stays silent.
                TaskRuns.Run run = work.runs().lock(taskId()).orElseThrow();
                if (runId.equals(run.runId())) {
                  reportProgress();
                }
                return null;
              });
    }
  }

  @Override
  public synchronized void checkpoint(Object state) {
    String serialized;
    try {
      serialized = work.json().writeValueAsString(state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize checkpoint of task " + taskId(), e);
    }
    TaskStopped.Reason stop =
        work.transactions()
            .executeWrite(
                status -> {
                  TaskRuns.Run run = work.runs().lock(taskId()).orElseThrow();
                  if (!runId.equals(run.runId())) {
                    return TaskStopped.Reason.SUPERSEDED;
                  }
                  work.runs().saveCheckpoint(taskId(), serialized);
                  if (progressDue()) {
                    reportProgress();
                  }
                  if (run.cancelRequested()) {
                    return TaskStopped.Reason.CANCELLED;
                  }
                  if (work.clock().instant().plus(work.timeBudget()).isAfter(deadline)) {
                    continueLater();
                    return TaskStopped.Reason.OUT_OF_TIME;
                  }
                  return null;
                });
    checkpoint = serialized;
    if (stop != null) {
      cancelled = stop == TaskStopped.Reason.CANCELLED;
      throw new TaskStopped(stop);
    }
  }

  @Override
  public synchronized boolean isCancelled() {
    Instant now = work.clock().instant();
    if (!cancelled && !now.isBefore(cancelReadAt.plus(work.cancelPollInterval()))) {
      cancelReadAt = now;
      cancelled = work.transactions().executeRead(status -> work.runs().cancelRequested(taskId()));
    }
    return cancelled;
  }

  @Override
  public ObjectKey outputKey(String name) {
    return ObjectKey.of(tenantId, "tasks/" + taskId() + "/" + name);
  }

  @Override
  public ObjectStorage reports() {
    return work.reportsBucket();
  }

  /** The last progress, for the final report. */
  synchronized TaskProgressReported.@Nullable Progress lastProgress() {
    return progress;
  }

  private boolean progressDue() {
    return !progressReported
        && !work.clock().instant().isBefore(progressReportedAt.plus(work.progressInterval()));
  }

  private void reportProgress() {
    work.reports()
        .record(
            kind.owner(),
            tenantId,
            taskId(),
            kind(),
            TaskReports.Report.running(attempt(), progress));
    progressReported = true;
    progressReportedAt = work.clock().instant();
  }

  /** The continuation: the same work, same attempt, to this function's own queue. */
  private void continueLater() {
    CloudEvent<TaskRunRequested> next =
        CloudEvent.of(
            TaskRunRequested.TYPE,
            kind.owner(),
            taskId(),
            tenantId,
            work.clock().instant(),
            request);
    work.runs().handOver(taskId(), next.id(), attempt());
    work.outbox().add(work.outbox().message(next.id(), Destination.sqs(kind.queue()), null, next));
  }
}
