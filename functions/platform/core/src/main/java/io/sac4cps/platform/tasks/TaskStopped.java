package io.sac4cps.platform.tasks;

/**
 * Thrown by {@link TaskContext#checkpoint(Object)} when the run must stop there: the task was
 * cancelled, the invocation is short of time (the run continues in a new invocation from the
 * checkpoint just saved), or another invocation took the run over. A {@link TaskRunner} lets it
 * propagate (cleaning up in {@code finally} blocks is fine); {@link TaskWork} acts on it.
 */
public final class TaskStopped extends RuntimeException {

  /** Why the run stopped. */
  public enum Reason {
    CANCELLED,
    OUT_OF_TIME,
    SUPERSEDED
  }

  private final Reason reason;

  TaskStopped(Reason reason) {
    super("task stopped: " + reason, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
