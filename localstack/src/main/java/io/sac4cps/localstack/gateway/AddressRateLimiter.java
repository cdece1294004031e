package io.sac4cps.localstack.gateway;

import io.sac4cps.contracts.api.AddressRateLimit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * AWS WAF's rate-based rule in front of the stage, per client address: an address that sent {@code
 * requests} or more within the last {@code window} is refused. Refused requests count too (WAF
 * evaluates every request), so a flood stays blocked until it slows down. WAF aggregates with some
 * lag; this counts exactly, which a test can rely on.
 */
final class AddressRateLimiter {
  private final int limit;
  private final long windowNanos;
  private final Map<String, Deque<Long>> seen = new HashMap<>();

  AddressRateLimiter(AddressRateLimit limit) {
    this.limit = limit.requests();
    this.windowNanos = limit.window().toNanos();
  }

  /** Whether a request from {@code address} at {@code nowNanos} passes. */
  synchronized boolean tryAcquire(String address, long nowNanos) {
    Deque<Long> times = seen.computeIfAbsent(address, a -> new ArrayDeque<>());
    while (!times.isEmpty() && nowNanos - times.peekFirst() >= windowNanos) {
      times.pollFirst();
    }
    boolean allowed = times.size() < limit;
    times.addLast(nowNanos);
    // At most the limit's worth per address: enough to decide, bounded memory under a flood.
    if (times.size() > limit) {
      times.pollFirst();
    }
    return allowed;
  }
}
