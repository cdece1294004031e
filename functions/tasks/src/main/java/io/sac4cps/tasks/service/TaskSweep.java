package io.sac4cps.tasks.service;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.contracts.wiring.TaskKind;
import io.sac4cps.platform.schedule.ScheduledWork;
import io.sac4cps.tasks.domain.Task;
import io.sac4cps.tasks.domain.TaskLifecycle;
import io.sac4cps.tasks.domain.TaskStatus;
import io.sac4cps.tasks.domain.Transition;
import io.sac4cps.tasks.store.TaskStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Ends the tasks their owners went silent on, on the relay's schedule (decision 0031): a running or
 * cancelling task with no report for longer than its kind's {@code progressTimeoutSeconds} ends
 * timed-out; a pending task not started within its work queue's delivery window ends failed. Both
 * tell the owner to stop. At most {@code tasks.sweep.batch-size} tasks per kind and run.
 */
@Singleton
public class TaskSweep implements ScheduledWork {
  private final TransactionOperations<Connection> transactions;
  private final TaskStore tasks;
  private final TaskChanges changes;
  private final TaskKinds kinds;
  private final Clock clock;
  private final int batchSize;

  public TaskSweep(
      TransactionOperations<Connection> transactions,
      TaskStore tasks,
      TaskChanges changes,
      TaskKinds kinds,
      Clock clock,
      @Value("${tasks.sweep.batch-size:100}") int batchSize) {
    this.transactions = transactions;
    this.tasks = tasks;
    this.changes = changes;
    this.kinds = kinds;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  @Override
  public String name() {
    return "task-sweep";
  }

  @Override
  public String run() {
    int timedOut = 0;
    int neverStarted = 0;
    for (TaskKind kind : kinds.all()) {
      Duration limit = Duration.ofSeconds(kind.progressTimeoutSeconds());
      timedOut +=
          sweep(
              kind,
              EnumSet.of(TaskStatus.RUNNING, TaskStatus.CANCELLING),
              limit,
              (task, now) -> TaskLifecycle.timeOut(task, now, limit));
      Duration window = kinds.deliveryWindow(kind);
      neverStarted +=
          sweep(
              kind,
              EnumSet.of(TaskStatus.PENDING),
              window,
              (task, now) -> TaskLifecycle.neverStarted(task, now, window));
    }
    return "timed-out=" + timedOut + " never-started=" + neverStarted;
  }

  private int sweep(
      TaskKind kind,
      EnumSet<TaskStatus> statuses,
      Duration silence,
      BiFunction<Task, Instant, Transition> end) {
    return transactions.executeWrite(
        status -> {
          Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
          List<Task> silent =
              tasks.lockSilent(kind.kind(), statuses, now.minus(silence), batchSize);
          int ended = 0;
          for (Task task : silent) {
            if (end.apply(task, now) instanceof Transition.Changed changed) {
              changes.record(changed, "tasks", now);
              ended++;
            }
          }
          return ended;
        });
  }
}
