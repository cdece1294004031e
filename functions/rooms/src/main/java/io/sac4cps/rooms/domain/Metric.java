package io.sac4cps.rooms.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a room measures; the wire names are the sensor types of sensor.reading.recorded.v1. */
public enum Metric {
  TEMPERATURE,
  HUMIDITY,
  CO2,
  OCCUPANCY,
  ENERGY,
  LIGHT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Metric> fromWire(String name) {
    return Arrays.stream(values()).filter(m -> m.wireName().equals(name)).findFirst();
  }

  public static String allowed() {
    return String.join(", ", Arrays.stream(values()).map(Metric::wireName).toList());
  }
}
