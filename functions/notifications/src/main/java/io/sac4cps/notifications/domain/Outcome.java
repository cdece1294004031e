package io.sac4cps.notifications.domain;

/** What one attempt at a delivery came to. */
public sealed interface Outcome {
  /** Errors are stored and shown: cut to the contract's limit. */
  int MAX_ERROR = 500;

  record Sent() implements Outcome {}

  /** Nothing to deliver to (no open connection, no address); not retried. */
  record Skipped(String reason) implements Outcome {}

  /** Over the tenant's rate limit for the channel: recorded, not sent, not retried. */
  record Limited(String reason) implements Outcome {}

  /** The attempt failed; {@code retryable} false gives up at once (a rejected address). */
  record Failed(String reason, boolean retryable) implements Outcome {}

  /**
   * Not attempted: the channel's circuit breaker is open (its server is down). Queued again after
   * {@code retryAfter}, and the attempt is not counted: an outage does not use up a delivery's
   * attempts.
   */
  record Deferred(String reason, java.time.Duration retryAfter) implements Outcome {}

  static Outcome sent() {
    return new Sent();
  }

  static Outcome skipped(String reason) {
    return new Skipped(reason);
  }

  static Outcome failed(String reason) {
    return new Failed(reason, true);
  }

  static Outcome rejected(String reason) {
    return new Failed(reason, false);
  }

  static String cut(String reason) {
    if (reason == null) {
      return "unknown error";
    }
    return reason.length() <= MAX_ERROR ? reason : reason.substring(0, MAX_ERROR - 1) + "…";
  }
}
