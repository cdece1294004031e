package io.sac4cps.platform.tasks;

/**
 * Thrown by a {@link TaskRunner} when the task can never succeed, however often it is tried (its
 * params make no sense to the runner): the task fails at once, without retries.
 */
public class TaskRejected extends RuntimeException {
  public TaskRejected(String reason) {
    super(reason);
  }
}
