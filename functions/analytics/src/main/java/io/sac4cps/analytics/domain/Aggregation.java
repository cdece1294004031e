package io.sac4cps.analytics.domain;

import java.util.Arrays;
import java.util.Optional;

/** The aggregates a trend point can carry (ThingsBoard's MIN/MAX/AVG/SUM/COUNT). */
public enum Aggregation {
  MIN("min"),
  MAX("max"),
  AVG("avg"),
  SUM("sum"),
  COUNT("count");

  private final String wireName;

  Aggregation(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Aggregation> fromWire(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
  }

  public static String allowed() {
    return String.join(", ", Arrays.stream(values()).map(Aggregation::wireName).toList());
  }
}
