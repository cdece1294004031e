package io.sac4cps.notifications.domain;

import java.util.Map;
import java.util.Optional;

/**
 * The title and body of the notification each event type makes, with {@code ${...}} placeholders
 * filled from the event's data (see {@link Template}; email HTML escapes them).
 */
public final class EventTemplates {
  /** A title and body template. */
  public record Texts(Template title, Template body) {
    public Message render(Map<String, String> values, Severity severity) {
      return new Message(title.render(values), body.render(values), severity);
    }
  }

  private static final Map<String, Texts> BY_TYPE =
      Map.of(
          "alert.raised.v1",
          texts(
              "Alert: ${metric} ${direction} its limit in room ${roomId}",
              "${metric} is ${value}${unit} in room ${roomId}, ${direction} its ${crossed} of"
                  + " ${limit}${unit} (sensor ${sensorId}, ${raisedAt})."),
          "alert.resolved.v1",
          texts(
              "Resolved: ${metric} back within its limits in room ${roomId}",
              "${metric} is ${value} in room ${roomId} again within its limits; the alert raised"
                  + " at ${raisedAt} was resolved at ${resolvedAt}."),
          "alert.acknowledged.v1",
          texts(
              "Acknowledged by ${by}: ${metric} alert in room ${roomId}",
              "${by} acknowledged the ${metric} alert ${alertId} in room ${roomId} at"
                  + " ${acknowledgedAt}: someone is on it."),
          "user.registered.v1",
          texts(
              "Welcome to sac4cps, ${name}",
              "Your account ${email} is ready. Your roles: ${roles}. Alerts and task results will"
                  + " reach you here."),
          "task.status-changed.v1",
          texts(
              "Task ${kind} ${status}",
              "Your task ${taskId} (${kind}) ${status} at ${at}.${errorSentence}"));

  private EventTemplates() {}

  public static Optional<Texts> of(String eventType) {
    return Optional.ofNullable(BY_TYPE.get(eventType));
  }

  private static Texts texts(String title, String body) {
    return new Texts(new Template(title), new Template(body));
  }
}
