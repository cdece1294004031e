package io.sac4cps.notifications.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A user's choices: the channels per event type and severity (where they chose; else the event's
 * defaults), a phone number for SMS, and quiet hours in their time zone, during which nothing is
 * sent by email or SMS unless it is critical (WebSocket and the inbox are silent anyway).
 *
 * @param channels by event type (or {@code send} for POST /notifications/send), then severity
 * @param quietStart with {@code quietEnd}: a daily window, which may cross midnight; null for none
 */
public record Preferences(
    String phone,
    ZoneId zone,
    LocalTime quietStart,
    LocalTime quietEnd,
    Map<String, Map<Severity, Set<Channel>>> channels) {

  public static final String SEND = "send";
  public static final Preferences NONE =
      new Preferences(null, ZoneId.of("UTC"), null, null, Map.of());
  private static final Set<Channel> INTERRUPTING = EnumSet.of(Channel.EMAIL, Channel.SMS);

  public Preferences {
    channels = Map.copyOf(channels);
  }

  /** The channels a notification of this type and severity goes to at {@code now}. */
  public Set<Channel> channels(
      String eventType, Severity severity, Set<Channel> defaults, Instant now) {
    Map<Severity, Set<Channel>> bySeverity = channels.get(eventType == null ? SEND : eventType);
    Set<Channel> chosen =
        bySeverity != null && bySeverity.containsKey(severity)
            ? bySeverity.get(severity)
            : defaults;
    Set<Channel> result = chosen.isEmpty() ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(chosen);
    if (severity != Severity.CRITICAL && isQuiet(now)) {
      result.removeAll(INTERRUPTING);
    }
    return result;
  }

  public boolean isQuiet(Instant now) {
    if (quietStart == null || quietEnd == null || quietStart.equals(quietEnd)) {
      return false;
    }
    LocalTime local = now.atZone(zone).toLocalTime();
    return quietStart.isBefore(quietEnd)
        ? !local.isBefore(quietStart) && local.isBefore(quietEnd)
        : !local.isBefore(quietStart) || local.isBefore(quietEnd);
  }
}
