package io.sac4cps.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.identity.domain.LoginThrottle.Count;
import io.sac4cps.identity.domain.LoginThrottle.Counted;
import io.sac4cps.identity.domain.LoginThrottle.Refused;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The throttle's arithmetic: free attempts, then doubling waits with a cap, then forgetting. */
class LoginThrottleTest {
  private static final LoginThrottle THROTTLE = LoginThrottle.DEFAULT;
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  @Test
  void fiveFreeAttemptsThenWaitsThatDoubleUpToFifteenMinutes() {
    assertThat(THROTTLE.delay(4, 5)).isEmpty();
    assertThat(THROTTLE.delay(5, 5)).contains(Duration.ofSeconds(30));
    assertThat(THROTTLE.delay(6, 5)).contains(Duration.ofSeconds(60));
    assertThat(THROTTLE.delay(7, 5)).contains(Duration.ofSeconds(120));
    assertThat(THROTTLE.delay(10, 5)).contains(Duration.ofMinutes(15));
    assertThat(THROTTLE.delay(10_000, 5)).contains(Duration.ofMinutes(15));
  }

  @Test
  void aGuesserOnOneAddressGetsAboutAHundredAttemptsADay() {
    // Each attempt as soon as the previous wait is over, for a day.
    Instant now = T0;
    Count count = null;
    int attempts = 0;
    while (now.isBefore(T0.plus(Duration.ofDays(1)))) {
      var decision = THROTTLE.attempt(count, THROTTLE.freeAttempts(), now);
      assertThat(decision).isInstanceOf(Counted.class);
      count = ((Counted) decision).count();
      attempts++;
      now = count.lockedUntil() == null ? now.plusMillis(1) : count.lockedUntil();
    }
    assertThat(attempts).isLessThan(110);
  }

  @Test
  void anAttemptDuringAWaitIsRefusedAndNotCounted() {
    Count waiting = new Count(5, T0, T0.plusSeconds(30));
    assertThat(THROTTLE.attempt(waiting, 5, T0.plusSeconds(10)))
        .isEqualTo(new Refused(T0.plusSeconds(30)));
    assertThat(THROTTLE.attempt(waiting, 5, T0.plusSeconds(30)))
        .isEqualTo(new Counted(new Count(6, T0, T0.plusSeconds(90))));
  }

  @Test
  void countsAreForgottenADayAfterTheirFirstFailure() {
    Count old = new Count(9, T0, null);
    assertThat(THROTTLE.attempt(old, 5, T0.plus(Duration.ofHours(24))))
        .isEqualTo(new Counted(new Count(1, T0.plus(Duration.ofHours(24)), null)));
  }
}
