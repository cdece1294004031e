package io.sac4cps.notifications.service;

import io.sac4cps.notifications.domain.Cause;
import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.notifications.domain.Delivery;
import io.sac4cps.notifications.domain.DeliveryStatus;
import io.sac4cps.notifications.domain.Message;
import io.sac4cps.notifications.domain.Notification;
import io.sac4cps.notifications.domain.Preferences;
import io.sac4cps.notifications.domain.Recipient;
import io.sac4cps.notifications.store.DeliveryStore;
import io.sac4cps.notifications.store.InboxStore;
import io.sac4cps.notifications.store.PreferenceStore;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns a cause into inbox notifications and queued deliveries, in the caller's transaction. Both
 * are keyed by the cause's id, so the same cause (a redelivered event, a retried request) makes
 * neither twice; {@link Deliveries} sends them once that transaction committed.
 */
@Singleton
public class Notifier {
  private final InboxStore inbox;
  private final DeliveryStore deliveries;
  private final PreferenceStore preferences;

  public Notifier(InboxStore inbox, DeliveryStore deliveries, PreferenceStore preferences) {
    this.inbox = inbox;
    this.deliveries = deliveries;
    this.preferences = preferences;
  }

  /**
   * @param channels the channels each recipient gets it on besides the inbox, unless their
   *     preferences (channels, quiet hours) say otherwise
   */
  public void notify(
      Cause cause,
      Message message,
      List<Recipient> recipients,
      Function<Recipient, Set<Channel>> channels) {
    List<Delivery> queued = new ArrayList<>();
    Map<String, Preferences> chosen =
        preferences.of(cause.tenantId(), recipients.stream().map(Recipient::userId).toList());
    for (Recipient recipient : recipients) {
      String id =
          inbox.insert(
              new Notification(
                  cause.tenantId(),
                  "ntf-" + UUID.randomUUID(),
                  recipient.userId(),
                  cause.id(),
                  cause.eventType(),
                  cause.subject(),
                  message,
                  cause.at(),
                  null));
      Set<Channel> wanted =
          chosen
              .getOrDefault(recipient.userId(), Preferences.NONE)
              .channels(
                  cause.eventType(), message.severity(), channels.apply(recipient), cause.at());
      for (Channel channel : wanted) {
        queued.add(
            new Delivery(
                cause.tenantId(),
                cause.id(),
                recipient.userId(),
                channel,
                id,
                DeliveryStatus.QUEUED,
                0,
                null,
                cause.at()));
      }
    }
    deliveries.insertQueued(queued, cause.at());
  }
}
