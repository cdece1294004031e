package io.sac4cps.rooms.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a room measures; the wire names are the sensor types of sensor.reading.recorded.v1. */
public enum Metric {
  TEMPERATURE,
  HUMIDITY,
  CO2,
  OCCUPANCY,
  ENERGY,
  LIGHT;

  // Asked for every series a batch touches, several times: computed once.
  private final String wireName = name().toLowerCase(Locale.ROOT);
  private static final Map<String, Metric> BY_WIRE_NAME =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Metric::wireName, m -> m));

  public String wireName() {
    return wireName;
  }

  public static Optional<Metric> fromWire(String name) {
    return Optional.ofNullable(name == null ? null : BY_WIRE_NAME.get(name));
  }

  public static String allowed() {
    return String.join(", ", Arrays.stream(values()).map(Metric::wireName).toList());
  }
}
