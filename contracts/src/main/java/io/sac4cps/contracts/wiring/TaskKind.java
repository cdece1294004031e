package io.sac4cps.contracts.wiring;

/**
 * A kind of task and the function that runs it where its data lives (docs/decisions/0029): tasks
 * sends {@code task.run-requested.v1} and {@code task.cancel-requested.v1} to the owner's work
 * queue; the owner reports on Kafka {@code task.reports}.
 *
 * @param kind the task's {@code kind} in the API, e.g. {@code sensor-data-export}
 * @param owner the function that runs it
 * @param queue the owner's SQS work queue (consumed by the owner, produced to by tasks and by the
 *     owner itself for continuations and retries)
 * @param maxAttempts attempts before the task fails (the first run counts)
 * @param progressTimeoutSeconds a running task that reports nothing for longer ends timed-out
 * @param planned its owner's runner does not exist yet: tasks refuses the kind
 */
public record TaskKind(
    String kind,
    String owner,
    String queue,
    int maxAttempts,
    int progressTimeoutSeconds,
    boolean planned) {}
