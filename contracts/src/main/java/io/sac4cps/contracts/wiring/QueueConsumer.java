package io.sac4cps.contracts.wiring;

import java.util.Optional;

/**
 * The function and handler class an SQS event-source mapping feeds; the handler reports partial
 * batch failures.
 *
 * @param maxConcurrency at most this many invocations at once (Lambda's {@code MaximumConcurrency},
 *     2 to 1000); empty: as many as Lambda scales to (locally: one)
 */
public record QueueConsumer(
    String function, String handler, boolean planned, Optional<Integer> maxConcurrency) {

  public QueueConsumer {
    maxConcurrency.ifPresent(
        n -> {
          if (n < 2 || n > 1000) {
            throw new io.sac4cps.contracts.InvalidContractException(
                "queue consumer " + handler + ": maxConcurrency must be 2 to 1000, was " + n);
          }
        });
  }

  public QueueConsumer(String function, String handler, boolean planned) {
    this(function, handler, planned, Optional.empty());
  }
}
