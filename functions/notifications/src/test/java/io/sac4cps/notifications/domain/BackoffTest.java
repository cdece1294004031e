package io.sac4cps.notifications.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void waitsGrowByTheMultiplierAndTheLastAttemptHasNoRetry() {
    Backoff backoff = new Backoff(3, Duration.ofMillis(200), 4);

    assertThat(backoff.waitAfter(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.waitAfter(2)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.retriesAfter(2)).isTrue();
    assertThat(backoff.retriesAfter(3)).isFalse();
  }
}
