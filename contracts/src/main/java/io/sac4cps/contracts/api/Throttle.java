package io.sac4cps.contracts.api;

/**
 * Per-route throttling from {@code x-throttle}: a token bucket refilled at {@code rateLimit}
 * requests per second holding at most {@code burstLimit} requests, across all callers (API
 * Gateway's method throttling).
 */
public record Throttle(double rateLimit, int burstLimit) {

  public Throttle {
    if (rateLimit <= 0 || burstLimit <= 0) {
      throw new IllegalArgumentException(
          "rateLimit and burstLimit must be positive: " + rateLimit + "/" + burstLimit);
    }
  }
}
