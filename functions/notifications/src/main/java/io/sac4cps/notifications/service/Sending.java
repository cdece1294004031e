package io.sac4cps.notifications.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.notifications.domain.Audience;
import io.sac4cps.notifications.domain.Cause;
import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.notifications.domain.Delivery;
import io.sac4cps.notifications.domain.Message;
import io.sac4cps.notifications.domain.Recipient;
import io.sac4cps.notifications.store.DeliveryStore;
import io.sac4cps.notifications.store.RecipientStore;
import io.sac4cps.platform.problem.ProblemException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * POST /notifications/send: a message to users of the caller's tenant, stored in their inboxes and
 * queued per channel in one transaction, then sent; the answer shows each delivery as it stands.
 */
@Singleton
public class Sending {
  /** The request waits this long at most for retries (the API's Lambda times out at 15 s). */
  static final Duration RETRY_WAIT = Duration.ofSeconds(3);

  private final TransactionOperations<Connection> transactions;
  private final RecipientStore recipients;
  private final DeliveryStore deliveryStore;
  private final Notifier notifier;
  private final Deliveries deliveries;
  private final Clock clock;

  public Sending(
      TransactionOperations<Connection> transactions,
      RecipientStore recipients,
      DeliveryStore deliveryStore,
      Notifier notifier,
      Deliveries deliveries,
      Clock clock) {
    this.transactions = transactions;
    this.recipients = recipients;
    this.deliveryStore = deliveryStore;
    this.notifier = notifier;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  /** What was sent: its id, time and deliveries. */
  public record Sent(String id, Message message, Instant createdAt, List<Delivery> deliveries) {}

  public Sent send(String tenantId, Audience audience, Set<Channel> channels, Message message) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Cause cause = Cause.send(tenantId, "send-" + UUID.randomUUID(), now);
    transactions.executeWrite(
        s -> {
          notifier.notify(cause, message, audience(tenantId, audience), r -> channels);
          return null;
        });
    deliveries.deliver(List.of(cause.id()), RETRY_WAIT);
    List<Delivery> outcome =
        transactions.executeRead(s -> deliveryStore.ofCause(tenantId, cause.id()));
    return new Sent(cause.id(), message, now, outcome);
  }

  private List<Recipient> audience(String tenantId, Audience audience) {
    return switch (audience) {
      case Audience.Users users -> {
        List<Recipient> found = recipients.find(tenantId, users.userIds());
        Set<String> unknown = new HashSet<>(users.userIds());
        found.forEach(r -> unknown.remove(r.userId()));
        if (!unknown.isEmpty()) {
          // Another tenant's users are unknown here too: their existence is not revealed.
          throw ProblemException.badRequest(
              "to.userIds",
              "unknown users: " + String.join(", ", unknown.stream().sorted().toList()));
        }
        yield found;
      }
      case Audience.Roles roles -> recipients.withAnyRole(tenantId, roles.roles());
      case Audience.Tenant tenant -> recipients.all(tenantId);
    };
  }
}
