package io.sac4cps.tasks.service;

import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.tasks.domain.OwnerReport;
import io.sac4cps.tasks.domain.Task;
import io.sac4cps.tasks.domain.TaskLifecycle;
import io.sac4cps.tasks.domain.Transition;
import io.sac4cps.tasks.events.TaskEvents;
import io.sac4cps.tasks.store.TaskStore;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the owners' reports (task.progress-reported.v1) to their tasks, in the consumer's
 * transaction: stale and illegal ones are dropped with the reason in the log, never applied.
 */
@Singleton
public class TaskReports {
  private static final Logger LOG = LoggerFactory.getLogger(TaskReports.class);

  private final TaskStore tasks;
  private final TaskChanges changes;
  private final TaskKinds kinds;
  private final TaskEvents events;
  private final Outbox outbox;
  private final Clock clock;

  public TaskReports(
      TaskStore tasks,
      TaskChanges changes,
      TaskKinds kinds,
      TaskEvents events,
      Outbox outbox,
      Clock clock) {
    this.tasks = tasks;
    this.changes = changes;
    this.kinds = kinds;
    this.events = events;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** What became of a report. */
  public Transition apply(OwnerReport report) {
    Optional<Task> found = tasks.lockById(report.taskId());
    if (found.isEmpty()) {
      found = submittedByOwner(report);
    }
    if (found.isEmpty() || !found.get().tenantId().equals(report.tenantId())) {
      // A report for no task of its tenant: never applicable, whatever the order of delivery.
      LOG.warn(
          "task report {} of tenant {} dropped: no such task", report.taskId(), report.tenantId());
      return new Transition.Refused(null, "no task " + report.taskId());
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Transition transition = TaskLifecycle.apply(found.get(), report, now);
    switch (transition) {
      case Transition.Changed changed -> changes.record(changed, "tasks", now);
      case Transition.Unchanged unchanged ->
          LOG.info("task {}: report dropped: {}", report.taskId(), unchanged.reason());
      case Transition.Refused refused ->
          LOG.warn("task {}: report refused: {}", report.taskId(), refused.reason());
    }
    return transition;
  }

  /**
   * A task its owner queued itself (POST /analytics/reports, decision 0042), created pending from
   * the owner's first report so that it is listed and cancellable like one made by POST /tasks.
   */
  private Optional<Task> submittedByOwner(OwnerReport report) {
    if (report.submitted() == null || kinds.runnable(report.kind()).isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Task task =
        Task.pending(
            report.tenantId(),
            report.taskId(),
            report.kind(),
            report.submitted().params(),
            report.submitted().createdBy(),
            now);
    tasks.insert(task);
    outbox.add(events.statusChanged(null, task, now));
    LOG.info("task {} ({}) created from its owner's report", task.id(), task.kind());
    return tasks.lockById(report.taskId());
  }
}
