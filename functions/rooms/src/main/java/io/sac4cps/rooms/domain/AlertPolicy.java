package io.sac4cps.rooms.domain;

import java.util.Optional;

/**
 * When a metric's alert is raised and resolved: hysteresis and debounce, so a value hovering at a
 * limit raises one alert, not one per reading.
 *
 * <ul>
 *   <li><b>Raise</b> after {@code raiseAfter} consecutive readings beyond a limit (a single spike
 *       does not page anyone when {@code raiseAfter} is above 1).
 *   <li><b>Resolve</b> after {@code clearAfter} consecutive readings back inside the limits <em>by
 *       a margin</em> of {@code clearMargin} × |limit| ({@link Limits#clearlyInside}). A value at
 *       the limit's edge, or just inside it, keeps the alert active.
 *   <li>Any reading that breaks a streak resets it. Only readings that are the newest of their
 *       metric count: a late, out-of-order reading changes neither streak.
 * </ul>
 */
public record AlertPolicy(int raiseAfter, int clearAfter, double clearMargin) {

  public AlertPolicy {
    if (raiseAfter < 1 || clearAfter < 1 || clearMargin < 0 || clearMargin >= 0.5) {
      throw new IllegalArgumentException(
          "raiseAfter and clearAfter must be >= 1 and clearMargin in [0, 0.5)");
    }
  }

  /** The debounce counters of one room metric. */
  public record Streaks(int breach, int clear) {
    public static final Streaks NONE = new Streaks(0, 0);
  }

  /** What one reading does: the new counters, and a limit crossed when an alert is to be raised. */
  public record Step(Streaks streaks, Optional<Limits.Crossed> raise, boolean resolve) {}

  /**
   * Feeds one reading.
   *
   * @param alertActive whether the metric has an active alert now
   */
  public Step step(Limits limits, boolean alertActive, Streaks streaks, double value) {
    if (!alertActive) {
      Optional<Limits.Crossed> crossed = limits.crossedBy(value);
      if (crossed.isEmpty()) {
        return new Step(Streaks.NONE, Optional.empty(), false);
      }
      int breach = streaks.breach() + 1;
      return breach >= raiseAfter
          ? new Step(Streaks.NONE, crossed, false)
          : new Step(new Streaks(breach, 0), Optional.empty(), false);
    }
    if (!limits.clearlyInside(value, clearMargin)) {
      return new Step(Streaks.NONE, Optional.empty(), false);
    }
    int clear = streaks.clear() + 1;
    return clear >= clearAfter
        ? new Step(Streaks.NONE, Optional.empty(), true)
        : new Step(new Streaks(0, clear), Optional.empty(), false);
  }
}
