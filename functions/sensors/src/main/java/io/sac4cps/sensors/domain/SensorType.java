package io.sac4cps.sensors.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a sensor measures, with the range of physically sensible values for it. */
public enum SensorType {
  TEMPERATURE(-100, 200),
  HUMIDITY(0, 100),
  CO2(0, 50_000),
  OCCUPANCY(0, 100_000),
  ENERGY(0, 1e12),
  LIGHT(0, 200_000);

  private final double min;
  private final double max;

  SensorType(double min, double max) {
    this.min = min;
    this.max = max;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SensorType> fromWire(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
  }

  public static String allowed() {
    return String.join(", ", Arrays.stream(values()).map(SensorType::wireName).toList());
  }

  /** Why {@code value} is not a plausible reading of this type, or empty when it is. */
  public Optional<String> rejects(double value) {
    if (!Double.isFinite(value)) {
      return Optional.of("must be a finite number");
    }
    if (value < min || value > max) {
      return Optional.of(
          "must be between "
              + format(min)
              + " and "
              + format(max)
              + " for a "
              + wireName()
              + " sensor");
    }
    if (this == OCCUPANCY && value != Math.rint(value)) {
      return Optional.of("must be a whole number for an occupancy sensor");
    }
    return Optional.empty();
  }

  private static String format(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
