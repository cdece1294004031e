package io.sac4cps.rooms.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertPolicyTest {
  private static final Limits CO2 = new Limits(null, 1000.0);
  private final AlertPolicy policy = new AlertPolicy(2, 3, 0.02);

  @Test
  void raisesAfterTwoConsecutiveReadingsBeyondTheLimitNotOnASingleSpike() {
    assertThat(run(CO2, 900, 1200, 900, 1200, 900)).isEmpty();
    assertThat(run(CO2, 900, 1200, 1150)).containsExactly("raise max at 1150.0");
  }

  @Test
  void aValueHoveringAtTheLimitRaisesOneAlertAndNeverResolvesUntilClearlyBack() {
    List<String> transitions =
        run(CO2, 1001, 1002, 999, 1001, 995, 1003, 999, 998, 1001, 1000, 999);

    assertThat(transitions).containsExactly("raise max at 1002.0");
  }

  @Test
  void resolvesAfterThreeReadingsInsideByTheMargin() {
    // Margin is 2% of 1000: back inside means 980 or less.
    List<String> transitions = run(CO2, 1100, 1100, 970, 975, 985, 970, 960, 950);

    assertThat(transitions).containsExactly("raise max at 1100.0", "resolve at 950.0");
  }

  @Test
  void aBelowMinimumAlertNamesTheMinimum() {
    Limits temperature = new Limits(18.0, 26.0);

    assertThat(run(temperature, 17.0, 16.5, 20, 21, 22))
        .containsExactly("raise min at 16.5", "resolve at 22.0");
  }

  @Test
  void withNarrowLimitsBeingWithinThemIsEnoughToClear() {
    Limits narrow = new Limits(0.0, 0.01);

    assertThat(narrow.clearlyInside(0.005, 0.02)).isTrue();
    assertThat(narrow.clearlyInside(0.02, 0.02)).isFalse();
  }

  private List<String> run(Limits limits, double... values) {
    List<String> transitions = new ArrayList<>();
    boolean active = false;
    AlertPolicy.Streaks streaks = AlertPolicy.Streaks.NONE;
    for (double value : values) {
      AlertPolicy.Step step = policy.step(limits, active, streaks, value);
      streaks = step.streaks();
      if (step.raise().isPresent()) {
        active = true;
        transitions.add("raise " + step.raise().get().wireName() + " at " + value);
      }
      if (step.resolve()) {
        active = false;
        transitions.add("resolve at " + value);
      }
    }
    return transitions;
  }
}
