package io.sac4cps.notifications.events;

import io.sac4cps.contracts.events.AlertAcknowledged;
import io.sac4cps.contracts.events.AlertRaised;
import io.sac4cps.contracts.events.AlertResolved;
import io.sac4cps.contracts.events.UserRegistered;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.notifications.service.EventNotifications;
import io.sac4cps.platform.consumer.EventProjection;
import io.sac4cps.platform.consumer.InboundEvent;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * The SQS queue {@code notifications-inbox}, subscribed (SNS envelopes) to {@code alerts} and
 * {@code identity-events}: alert.raised.v1, alert.resolved.v1, alert.acknowledged.v1 and
 * user.registered.v1 become log entries, inbox notifications and queued deliveries (see {@link
 * EventNotifications}).
 */
@Singleton
public class InboxProjection implements EventProjection<InboundNotice> {
  public static final String QUEUE = "notifications-inbox";
  public static final String CONSUMER = "notifications.inbox";
  static final String DEAD_LETTER_QUEUE =
      Wiring.load().queue(QUEUE).orElseThrow().deadLetterQueueName();

  private static final Map<String, Class<?>> TYPES =
      Map.of(
          AlertRaised.TYPE, AlertRaised.class,
          AlertResolved.TYPE, AlertResolved.class,
          AlertAcknowledged.TYPE, AlertAcknowledged.class,
          UserRegistered.TYPE, UserRegistered.class);
  private static final Map<String, List<String>> REQUIRED =
      Map.of(
          AlertRaised.TYPE,
          List.of("alertId", "roomId", "metric", "value", "threshold", "crossed", "raisedAt"),
          AlertResolved.TYPE,
          List.of("alertId", "roomId", "metric", "value"),
          AlertAcknowledged.TYPE,
          List.of("alertId", "roomId", "metric", "acknowledgedBy", "acknowledgedAt"),
          UserRegistered.TYPE,
          List.of("userId", "email", "name", "tenantId", "roles"));

  private final EventDecoding decoding;
  private final EventNotifications notifications;

  public InboxProjection(EventDecoding decoding, EventNotifications notifications) {
    this.decoding = decoding;
    this.notifications = notifications;
  }

  @Override
  public String consumer() {
    return CONSUMER;
  }

  @Override
  public String deadLetterQueue() {
    return DEAD_LETTER_QUEUE;
  }

  @Override
  public InboundNotice decode(InboundEvent event) {
    InboundNotice notice = decoding.decode(event, TYPES, REQUIRED);
    if (notice.data() instanceof UserRegistered user && !event.tenantId().equals(user.tenantId())) {
      throw io.sac4cps.platform.consumer.PoisonRecordException.schemaInvalid(
          "data.tenantId differs from tenantid");
    }
    return notice;
  }

  @Override
  public void apply(List<InboundNotice> notices) {
    for (InboundNotice notice : notices) {
      notifications.logged(notice.event(), notice.json());
      switch (notice.data()) {
        case AlertRaised alert -> notifications.alertRaised(notice.event(), alert);
        case AlertResolved alert -> notifications.alertResolved(notice.event(), alert);
        case AlertAcknowledged alert -> notifications.alertAcknowledged(notice.event(), alert);
        case UserRegistered user -> notifications.userRegistered(notice.event(), user);
        default -> throw new IllegalStateException("decoded an unknown type " + notice.data());
      }
    }
  }
}
