package io.sac4cps.localstack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.api.Throttle;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstIsAdmittedThenRequestsWaitForTheRate() {
    TokenBucket bucket = new TokenBucket(new Throttle(2, 3), 0);
    assertThat(bucket.tryAcquire(0)).isTrue();
    assertThat(bucket.tryAcquire(0)).isTrue();
    assertThat(bucket.tryAcquire(0)).isTrue();
    assertThat(bucket.tryAcquire(0)).as("burst used up").isFalse();
    assertThat(bucket.tryAcquire(SECOND / 2)).as("one token after half a second at 2/s").isTrue();
    assertThat(bucket.tryAcquire(SECOND / 2)).isFalse();
  }

  @Test
  void anIdleBucketRefillsOnlyUpToTheBurst() {
    TokenBucket bucket = new TokenBucket(new Throttle(10, 2), 0);
    bucket.tryAcquire(0);
    bucket.tryAcquire(0);
    long muchLater = 60 * SECOND;
    assertThat(bucket.tryAcquire(muchLater)).isTrue();
    assertThat(bucket.tryAcquire(muchLater)).isTrue();
    assertThat(bucket.tryAcquire(muchLater)).isFalse();
  }
}
