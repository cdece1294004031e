package io.sac4cps.platform.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskWorkBackoffTest {

  @Test
  void doublesPerAttemptWithHalfOfItJitteredAndStopsAtSqsMaximumDelay() {
    Duration base = Duration.ofSeconds(10);
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Duration first = TaskWork.backoff(base, 1);
      Duration third = TaskWork.backoff(base, 3);
      assertThat(first).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
      assertThat(third).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(40));
      assertThat(TaskWork.backoff(base, 30))
          .isBetween(Duration.ofSeconds(450), Duration.ofSeconds(900));
      seen.add(first);
    }
    // Jittered: retries of many tasks failing together spread out.
    assertThat(seen.size()).isGreaterThan(100);
  }
}
