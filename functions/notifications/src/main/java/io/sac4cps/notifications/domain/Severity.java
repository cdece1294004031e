package io.sac4cps.notifications.domain;

import java.util.Arrays;
import java.util.Optional;

public enum Severity {
  INFO("info"),
  WARNING("warning"),
  CRITICAL("critical");

  private final String wireName;

  Severity(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Severity> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
