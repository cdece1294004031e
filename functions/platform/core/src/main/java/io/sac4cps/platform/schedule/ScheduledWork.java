package io.sac4cps.platform.schedule;

/**
 * Work a function does on the outbox relay's schedule (every minute in AWS, every second locally):
 * a bean of this type is run by {@link io.sac4cps.platform.outbox.OutboxRelayHandler} before each
 * relay, so what it records in the outbox is published in the same tick. For periodic checks that
 * need no schedule of their own, e.g. the tasks function's timeouts. Each run must be short and
 * bounded (a batch at most), safe to run in several Lambdas at once, and open its own transactions.
 */
public interface ScheduledWork {

  /** For logs and the relay's answer, e.g. {@code task-timeouts}. */
  String name();

  /**
   * One bounded run.
   *
   * @return what it did, e.g. {@code timed-out=2}
   */
  String run();
}
