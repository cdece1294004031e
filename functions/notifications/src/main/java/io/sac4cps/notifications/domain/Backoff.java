package io.sac4cps.notifications.domain;

import java.time.Duration;

/**
 * Retries of a failed delivery: {@code maxAttempts} attempts in all, waiting {@code first}, then
 * {@code multiplier} times longer each time.
 */
public record Backoff(int maxAttempts, Duration first, double multiplier) {

  public Backoff {
    if (maxAttempts < 1 || first.isNegative() || multiplier < 1) {
      throw new IllegalArgumentException(
          "backoff needs attempts >= 1, a wait >= 0, multiplier >= 1");
    }
  }

  /** Whether another attempt follows the {@code attempts}-th. */
  public boolean retriesAfter(int attempts) {
    return attempts < maxAttempts;
  }

  /** The wait after the {@code attempts}-th attempt failed (1-based). */
  public Duration waitAfter(int attempts) {
    double factor = Math.pow(multiplier, Math.max(0, attempts - 1));
    return Duration.ofNanos((long) Math.min(Long.MAX_VALUE / 2.0, first.toNanos() * factor));
  }
}
