package io.sac4cps.contracts.api;

import java.time.Duration;

/**
 * The per-client-address limit in front of the REST API: AWS WAF's rate-based rule in the CDK app
 * ({@code RateLimitFirewall}) and its emulation in the local gateway, from this one definition. A
 * client over {@code requests} within any {@code window} is refused with 403 until its rate drops.
 */
public record AddressRateLimit(int requests, Duration window) {

  /** About 10 requests/s sustained: far above a dashboard or a gateway posting batches. */
  public static final AddressRateLimit WAF = new AddressRateLimit(3000, Duration.ofMinutes(5));

  public AddressRateLimit {
    if (requests <= 0 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("requests and window must be positive");
    }
  }
}
