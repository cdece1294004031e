package io.sac4cps.analytics.domain;

import java.util.Arrays;
import java.util.Optional;

/** The sensor types (contract's MetricType) analytics aggregates. */
public enum Metric {
  TEMPERATURE("temperature"),
  HUMIDITY("humidity"),
  CO2("co2"),
  OCCUPANCY("occupancy"),
  ENERGY("energy"),
  LIGHT("light");

  private final String wireName;

  Metric(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Metric> fromWire(String name) {
    return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
  }

  public static String allowed() {
    return String.join(", ", Arrays.stream(values()).map(Metric::wireName).toList());
  }
}
