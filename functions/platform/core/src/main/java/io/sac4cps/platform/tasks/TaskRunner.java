package io.sac4cps.platform.tasks;

/**
 * Runs one kind of task where its data lives (docs/decisions/0029, 0032): a function that owns a
 * kind in contracts/wiring.yaml {@code taskKinds} registers one bean per kind, and {@link
 * TaskWorkHandler} runs it for each {@code task.run-requested.v1} on the function's work queue.
 *
 * <p>{@link #run} may be called several times for one task: after its invocation ran out of time,
 * after a crash, and for a retry. It resumes from {@link TaskContext#checkpoint(Class)} and saves
 * its progress with {@link TaskContext#checkpoint(Object)} often (every few seconds): that is where
 * a cancel is seen and where a run that is short of time stops, to continue in a new invocation.
 * Work done after the last checkpoint may be done again, so it must be idempotent or covered by the
 * checkpoint (an upload's parts, the last key written).
 */
public interface TaskRunner {

  /** The kind it runs, as in wiring.yaml, e.g. {@code sensor-data-export}. */
  String kind();

  /**
   * Runs (or resumes) the task to its end. Throwing fails the attempt: it is retried with backoff
   * up to the kind's {@code maxAttempts}, then the task fails with the exception's message. {@link
   * TaskStopped}, thrown by the context, must propagate.
   */
  TaskResult run(TaskContext task) throws Exception;

  /**
   * Removes the partial output of a run that will not complete (cancelled, or failed for good),
   * from its last checkpoint: e.g. aborts a multipart upload. Also called for a task cancelled
   * while no invocation was running it. Must tolerate being called twice.
   */
  default void discard(TaskContext task) throws Exception {}
}
