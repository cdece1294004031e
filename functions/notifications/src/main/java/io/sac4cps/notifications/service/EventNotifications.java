package io.sac4cps.notifications.service;

import io.sac4cps.contracts.events.AlertAcknowledged;
import io.sac4cps.contracts.events.AlertRaised;
import io.sac4cps.contracts.events.AlertResolved;
import io.sac4cps.contracts.events.TaskStatusChanged;
import io.sac4cps.contracts.events.UserRegistered;
import io.sac4cps.notifications.domain.Cause;
import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.notifications.domain.EventTemplates;
import io.sac4cps.notifications.domain.Message;
import io.sac4cps.notifications.domain.Recipient;
import io.sac4cps.notifications.domain.Severity;
import io.sac4cps.notifications.store.EventLogStore;
import io.sac4cps.notifications.store.RecipientStore;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.platform.security.Roles;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each consumed event means for people, applied in the consumer's transaction (which also
 * claimed its id): it is logged for GET /events, and
 *
 * <ul>
 *   <li>alert.raised.v1 reaches the tenant's admins and operators live, the admins also by email;
 *   <li>alert.resolved.v1 reaches them live;
 *   <li>alert.acknowledged.v1 reaches them live too, except who acknowledged it, so that nobody
 *       else acts on the alert (decision 0044);
 *   <li>user.registered.v1 adds the user to the recipients and welcomes them by email;
 *   <li>task.status-changed.v1 into a final status reaches the task's creator live.
 * </ul>
 *
 * Every notification is in the recipient's inbox too. {@link Deliveries} sends after the commit.
 */
@Singleton
public class EventNotifications {
  static final Set<String> ALERTED_ROLES = Set.of(Roles.ADMIN, Roles.OPERATOR);

  /** An alert this far beyond its limit (relative to the limit) is critical. */
  static final double CRITICAL_EXCESS = 0.10;

  private final RecipientStore recipients;
  private final EventLogStore log;
  private final Notifier notifier;
  private final Clock clock;

  public EventNotifications(
      RecipientStore recipients, EventLogStore log, Notifier notifier, Clock clock) {
    this.recipients = recipients;
    this.log = log;
    this.notifier = notifier;
    this.clock = clock;
  }

  /** Logs the event for the tenant's GET /events. */
  public void logged(InboundEvent event, String json) {
    log.append(
        event.tenantId(),
        event.id(),
        event.type(),
        event.time() == null ? now() : event.time(),
        event.subject(),
        json);
  }

  public void alertRaised(InboundEvent event, AlertRaised alert) {
    Double limit =
        AlertRaised.CROSSED_MIN.equals(alert.crossed())
            ? alert.threshold().min()
            : alert.threshold().max();
    Map<String, String> values = new HashMap<>();
    values.put("metric", alert.metric());
    values.put("roomId", alert.roomId());
    values.put("sensorId", alert.sensorId() == null ? "unknown" : alert.sensorId());
    values.put("value", number(alert.value()));
    values.put("unit", alert.unit() == null ? "" : " " + alert.unit());
    values.put("crossed", alert.crossed());
    values.put("direction", AlertRaised.CROSSED_MIN.equals(alert.crossed()) ? "below" : "above");
    values.put("limit", limit == null ? "?" : number(limit));
    values.put("raisedAt", String.valueOf(alert.raisedAt()));
    Severity severity =
        limit != null
                && limit != 0
                && Math.abs(alert.value() - limit) / Math.abs(limit) > CRITICAL_EXCESS
            ? Severity.CRITICAL
            : Severity.WARNING;
    Message message = render(event.type(), values, severity);
    notifier.notify(
        cause(event),
        message,
        recipients.withAnyRole(event.tenantId(), ALERTED_ROLES),
        r ->
            r.hasAnyRole(Set.of(Roles.ADMIN))
                ? EnumSet.of(Channel.WEBSOCKET, Channel.EMAIL)
                : EnumSet.of(Channel.WEBSOCKET));
  }

  public void alertResolved(InboundEvent event, AlertResolved alert) {
    Map<String, String> values =
        Map.of(
            "metric", alert.metric(),
            "roomId", alert.roomId(),
            "value", number(alert.value()),
            "raisedAt", String.valueOf(alert.raisedAt()),
            "resolvedAt", String.valueOf(alert.resolvedAt()));
    notifier.notify(
        cause(event),
        render(event.type(), values, Severity.INFO),
        recipients.withAnyRole(event.tenantId(), ALERTED_ROLES),
        r -> EnumSet.of(Channel.WEBSOCKET));
  }

  public void alertAcknowledged(InboundEvent event, AlertAcknowledged alert) {
    String by =
        recipients.find(event.tenantId(), List.of(alert.acknowledgedBy())).stream()
            .map(Recipient::name)
            .findFirst()
            .orElse(alert.acknowledgedBy());
    Map<String, String> values =
        Map.of(
            "alertId", alert.alertId(),
            "metric", alert.metric(),
            "roomId", alert.roomId(),
            "by", by,
            "acknowledgedAt", String.valueOf(alert.acknowledgedAt()));
    notifier.notify(
        cause(event),
        render(event.type(), values, Severity.INFO),
        recipients.withAnyRole(event.tenantId(), ALERTED_ROLES).stream()
            .filter(r -> !r.userId().equals(alert.acknowledgedBy()))
            .toList(),
        r -> EnumSet.of(Channel.WEBSOCKET));
  }

  public void userRegistered(InboundEvent event, UserRegistered user) {
    Recipient recipient =
        new Recipient(
            event.tenantId(),
            user.userId(),
            user.email(),
            user.name(),
            Set.copyOf(user.roles()),
            event.time() == null ? now() : event.time());
    recipients.upsert(recipient);
    Map<String, String> values =
        Map.of(
            "name", user.name(),
            "email", user.email(),
            "roles", String.join(", ", user.roles()));
    notifier.notify(
        cause(event),
        render(event.type(), values, Severity.INFO),
        List.of(recipient),
        r -> EnumSet.of(Channel.EMAIL, Channel.WEBSOCKET));
  }

  /** A task's creator learns that it ended; other statuses are only logged. */
  public void taskStatusChanged(InboundEvent event, TaskStatusChanged task) {
    if (!TaskStatusChanged.FINAL_STATUSES.contains(task.status())) {
      return;
    }
    List<Recipient> known = recipients.find(event.tenantId(), List.of(task.createdBy()));
    // A creator the replica does not know (registered before notifications ran) still has an
    // inbox and sockets: only email needs the address.
    List<Recipient> creator =
        known.isEmpty()
            ? List.of(
                new Recipient(
                    event.tenantId(), task.createdBy(), null, task.createdBy(), Set.of(), now()))
            : known;
    Map<String, String> values = new HashMap<>();
    values.put("taskId", task.taskId());
    values.put("kind", task.kind());
    values.put("status", task.status());
    values.put("at", String.valueOf(task.at()));
    values.put(
        "errorSentence",
        task.error() == null || task.error().title() == null ? "" : " " + task.error().title());
    Severity severity =
        TaskStatusChanged.SUCCEEDED.equals(task.status())
            ? Severity.INFO
            : TaskStatusChanged.CANCELLED.equals(task.status()) ? Severity.INFO : Severity.WARNING;
    notifier.notify(
        cause(event),
        render(event.type(), values, severity),
        creator,
        r -> EnumSet.of(Channel.WEBSOCKET));
  }

  private Cause cause(InboundEvent event) {
    return new Cause(event.tenantId(), event.id(), event.type(), event.subject(), now());
  }

  private Message render(String type, Map<String, String> values, Severity severity) {
    return EventTemplates.of(type).orElseThrow().render(values, severity);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.valueOf(value);
  }
}
