package io.sac4cps.contracts.wiring;

import java.util.Optional;

/**
 * The function and handler class an SQS event-source mapping feeds; the handler reports partial
 * batch failures.
 *
 * @param maxConcurrency at most this many invocations at once (Lambda's {@code MaximumConcurrency},
 *     2 to 1000); empty: as many as Lambda scales to (locally: one)
 * @param timeoutSeconds the consumer Lambda's own timeout (1 to 900); empty: its function's. A task
 *     work queue's consumer runs for minutes while the function's HTTP Lambda answers in seconds.
 */
public record QueueConsumer(
    String function,
    String handler,
    boolean planned,
    Optional<Integer> maxConcurrency,
    Optional<Integer> timeoutSeconds) {

  public QueueConsumer {
    maxConcurrency.ifPresent(
        n -> {
          if (n < 2 || n > 1000) {
            throw new io.sac4cps.contracts.InvalidContractException(
                "queue consumer " + handler + ": maxConcurrency must be 2 to 1000, was " + n);
          }
        });
    timeoutSeconds.ifPresent(
        n -> {
          if (n < 1 || n > 900) {
            throw new io.sac4cps.contracts.InvalidContractException(
                "queue consumer " + handler + ": timeoutSeconds must be 1 to 900, was " + n);
          }
        });
  }

  /** How long one invocation of this consumer may run, given the function it belongs to. */
  public int timeoutSeconds(FunctionDefinition function) {
    return timeoutSeconds.orElse(function.timeoutSeconds());
  }
}
