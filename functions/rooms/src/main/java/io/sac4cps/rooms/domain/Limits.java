package io.sac4cps.rooms.domain;

import java.util.Optional;

/** Inclusive limits of one metric of a room; at least one is set. */
public record Limits(Double min, Double max) {

  public Limits {
    if (min == null && max == null) {
      throw new IllegalArgumentException("limits need min, max or both");
    }
  }

  /** Which limit {@code value} is beyond, if any. */
  public Optional<Crossed> crossedBy(double value) {
    if (max != null && value > max) {
      return Optional.of(Crossed.MAX);
    }
    if (min != null && value < min) {
      return Optional.of(Crossed.MIN);
    }
    return Optional.empty();
  }

  /**
   * Whether {@code value} is back inside by the hysteresis margin: at least {@code marginFraction}
   * of the limit's magnitude (at least that fraction of 1 for limits near zero) away from each
   * limit. Where the two bands would overlap, being within the limits is enough.
   */
  public boolean clearlyInside(double value, double marginFraction) {
    double lower = min == null ? Double.NEGATIVE_INFINITY : min + margin(min, marginFraction);
    double upper = max == null ? Double.POSITIVE_INFINITY : max - margin(max, marginFraction);
    if (lower > upper) {
      return crossedBy(value).isEmpty();
    }
    return value >= lower && value <= upper;
  }

  private static double margin(double limit, double fraction) {
    return fraction * Math.max(Math.abs(limit), 1.0);
  }

  /** Which limit an alert is about; wire names {@code min} and {@code max}. */
  public enum Crossed {
    MIN,
    MAX;

    public String wireName() {
      return this == MIN ? "min" : "max";
    }

    public static Crossed fromWire(String name) {
      return "min".equals(name) ? MIN : MAX;
    }
  }
}
