package io.sac4cps.platform.tasks;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.sac4cps.platform.retention.ExpiringRows;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Finished {@code task_run} records expire {@code sac4cps.retention.task-runs} (30 days) after they
 * finished, in a function that runs tasks. A finished record is what makes a late work message (a
 * redelivery, a delayed retry) find its task over, so it must outlive every message: SQS keeps one
 * at most 14 days. A running record is never purged (decisions 0012, 0032).
 */
@Singleton
@Requires(beans = TaskRunner.class)
class TaskRunRetention implements ExpiringRows {
  private final TaskRuns runs;
  private final Duration retention;

  TaskRunRetention(TaskRuns runs, @Value("${sac4cps.retention.task-runs:30d}") Duration retention) {
    this.runs = runs;
    this.retention = retention;
  }

  @Override
  public String name() {
    return "task_run";
  }

  @Override
  public Duration retention() {
    return retention;
  }

  @Override
  public int deleteExpired(int limit) {
    return runs.deleteFinishedBefore(retention, limit);
  }
}
