package io.sac4cps.notifications.domain;

import java.util.Arrays;
import java.util.Optional;

/** How a notification reaches a person besides their inbox. */
public enum Channel {
  WEBSOCKET("websocket"),
  EMAIL("email"),
  SMS("sms");

  private final String wireName;

  Channel(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Channel> fromWire(String name) {
    return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
  }
}
