package io.sac4cps.tasks.service;

import io.sac4cps.tasks.domain.OwnerReport;
import io.sac4cps.tasks.domain.Task;
import io.sac4cps.tasks.domain.TaskLifecycle;
import io.sac4cps.tasks.domain.Transition;
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
  private final Clock clock;

  public TaskReports(TaskStore tasks, TaskChanges changes, Clock clock) {
    this.tasks = tasks;
    this.changes = changes;
    this.clock = clock;
  }

  /** What became of a report. */
  public Transition apply(OwnerReport report) {
    Optional<Task> found = tasks.lockById(report.taskId());
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
}
