package io.sac4cps.platform.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sac4cps.platform.telemetry.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The breaker's state machine on a clock the test moves: open, fail fast, trial, close. */
class BreakerTest {
  private final MovableClock clock = new MovableClock();
  private final List<String> lines = new ArrayList<>();
  private final Breaker breaker =
      new Breaker(
          "smtp",
          new Breaker.Settings(4, 2, 50, Duration.ofSeconds(30)),
          clock,
          new Metrics("it", clock, lines::add));
  private int calls;

  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private String call(boolean dependencyUp) {
    return breaker.call(
        () -> {
          calls++;
          return dependencyUp ? "sent" : "failed";
        },
        "failed"::equals,
        () -> "not attempted");
  }

  @Test
  void opensOnceEnoughCallsFailedThenFailsFastWithoutCallingTheDependency() {
    assertThat(call(false)).isEqualTo("failed");
    assertThat(breaker.state()).as("one call is below the minimum").isEqualTo(Breaker.State.CLOSED);
    assertThat(call(false)).isEqualTo("failed");
    assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);

    assertThat(call(true)).isEqualTo("not attempted");
    assertThat(call(true)).isEqualTo("not attempted");
    assertThat(calls).as("calls made while open").isEqualTo(2);
    assertThat(String.join("\n", lines))
        .contains("\"BreakerOpened\":1")
        .contains("\"CallsNotPermitted\":1")
        .contains("\"Dependency\":\"smtp\"");
  }

  @Test
  void afterTheOpenPeriodOneTrialGoesThroughAndItsSuccessClosesTheBreaker() {
    call(false);
    call(false);
    clock.now = clock.now.plus(Duration.ofSeconds(29));
    assertThat(call(true)).isEqualTo("not attempted");

    clock.now = clock.now.plus(Duration.ofSeconds(1));
    assertThat(call(true)).isEqualTo("sent");
    assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
    assertThat(call(true)).isEqualTo("sent");
    assertThat(calls).isEqualTo(4);
    assertThat(String.join("\n", lines)).contains("\"BreakerClosed\":1");
  }

  @Test
  void aFailedTrialOpensItForAnotherPeriod() {
    call(false);
    call(false);
    clock.now = clock.now.plus(Duration.ofSeconds(30));
    assertThat(call(false)).isEqualTo("failed");
    assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);

    clock.now = clock.now.plus(Duration.ofSeconds(29));
    assertThat(call(true)).isEqualTo("not attempted");
    assertThat(calls).isEqualTo(3);
  }

  @Test
  void aProbeIsMadeWhileOpenAndItsSuccessClosesTheBreakerForEveryone() {
    call(false);
    call(false);
    Supplier<String> up =
        () -> {
          calls++;
          return "sent";
        };
    Supplier<String> down =
        () -> {
          calls++;
          return "failed";
        };

    assertThat(breaker.probe(down, "failed"::equals)).isEqualTo("failed");
    assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
    assertThat(breaker.probe(up, "failed"::equals)).isEqualTo("sent");
    assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
    assertThat(call(true)).isEqualTo("sent");
    assertThat(calls).isEqualTo(5);
  }

  @Test
  void withNoOpenPeriodItNeverOpens() {
    Breaker never =
        new Breaker(
            "kafka",
            new Breaker.Settings(1, 1, 50, Duration.ZERO),
            clock,
            new Metrics("it", clock, lines::add));
    for (int i = 0; i < 3; i++) {
      assertThat(never.call(() -> "failed", "failed"::equals, () -> "not attempted"))
          .isEqualTo("failed");
    }
    assertThat(never.state()).isEqualTo(Breaker.State.CLOSED);
  }

  @Test
  void aThrownExceptionCountsAsAFailureAndIsRethrown() {
    Supplier<String> throwing =
        () -> {
          throw new IllegalStateException("connection refused");
        };
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> breaker.call(throwing, "failed"::equals, () -> "not attempted"))
          .hasMessage("connection refused");
    }
    assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
    assertThat(call(true)).isEqualTo("not attempted");
  }
}
