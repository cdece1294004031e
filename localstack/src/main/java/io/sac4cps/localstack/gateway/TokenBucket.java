package io.sac4cps.localstack.gateway;

import io.sac4cps.contracts.api.Throttle;

/**
 * API Gateway's throttling algorithm: a bucket of {@code burstLimit} tokens refilled at {@code
 * rateLimit} tokens a second; a request takes one token or is refused with 429.
 */
final class TokenBucket {
  private final double ratePerNano;
  private final double capacity;
  private double tokens;
  private long refilledAt;

  TokenBucket(Throttle throttle, long nowNanos) {
    this.ratePerNano = throttle.rateLimit() / 1_000_000_000d;
    this.capacity = throttle.burstLimit();
    this.tokens = capacity;
    this.refilledAt = nowNanos;
  }

  synchronized boolean tryAcquire(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - refilledAt) * ratePerNano);
    refilledAt = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
