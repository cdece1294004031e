package io.sac4cps.localstack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.api.AddressRateLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The local emulation of the WAF's rate-based rule per client address. */
class AddressRateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void anAddressOverTheLimitIsRefusedUntilItsWindowHasPassedAndOthersAreNotAffected() {
    AddressRateLimiter limiter =
        new AddressRateLimiter(new AddressRateLimit(3, Duration.ofSeconds(10)));
    assertThat(limiter.tryAcquire("10.0.0.1", 0)).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.1", SECOND)).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.1", 2 * SECOND)).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.1", 3 * SECOND)).as("4th within 10 s").isFalse();
    assertThat(limiter.tryAcquire("10.0.0.2", 3 * SECOND)).as("another address").isTrue();

    // Refused requests count: a client that keeps flooding stays blocked.
    for (long t = 4; t < 30; t++) {
      assertThat(limiter.tryAcquire("10.0.0.1", t * SECOND)).as("flooding at %d s", t).isFalse();
    }
    // Once it slowed down for a whole window, it passes again.
    assertThat(limiter.tryAcquire("10.0.0.1", 40 * SECOND)).isTrue();
  }

  @Test
  void theWafLimitIsThreeThousandPerFiveMinutesAsTheCdkAppDeploysIt() {
    AddressRateLimiter limiter = new AddressRateLimiter(AddressRateLimit.WAF);
    long step = Duration.ofMinutes(5).toNanos() / 3000;
    for (int i = 0; i < 3000; i++) {
      assertThat(limiter.tryAcquire("10.0.0.1", i * step)).as("request %d", i + 1).isTrue();
    }
    assertThat(limiter.tryAcquire("10.0.0.1", 3000 * step - 1)).isFalse();
  }
}
