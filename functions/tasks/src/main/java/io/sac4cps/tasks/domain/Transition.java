package io.sac4cps.tasks.domain;

/** What {@link TaskLifecycle} made of a request, a report or a sweep. */
public sealed interface Transition {

  /** The task as it is now (changed or not). */
  Task task();

  /**
   * The task changed and one task.status-changed.v1 ({@code after.eventSequence()}) tells so.
   *
   * @param stopOwner the owner must be told to stop (or never start): a task.cancel-requested.v1
   */
  record Changed(Task before, Task after, boolean stopOwner) implements Transition {
    @Override
    public Task task() {
      return after;
    }
  }

  /** Nothing to do: the task is already where it was asked to go, or the report is stale. */
  record Unchanged(Task task, String reason) implements Transition {}

  /** Not allowed from the task's status: a 409 for a request, a dropped report. */
  record Refused(Task task, String reason) implements Transition {}
}
