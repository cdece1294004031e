package io.sac4cps.notifications.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.notifications.domain.Notification;
import io.sac4cps.notifications.store.InboxStore;
import io.sac4cps.platform.problem.ProblemException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A user's inbox: reading it, the unread count, marking read. */
@Singleton
public class Inbox {
  private final TransactionOperations<Connection> transactions;
  private final InboxStore inbox;
  private final Clock clock;

  public Inbox(TransactionOperations<Connection> transactions, InboxStore inbox, Clock clock) {
    this.transactions = transactions;
    this.inbox = inbox;
    this.clock = clock;
  }

  /** A page (fetched with one extra row) and the unread count, read in one transaction. */
  public record Page(List<Notification> fetched, int unreadCount) {}

  public Page page(
      String tenantId,
      String userId,
      boolean unreadOnly,
      Instant beforeTime,
      String beforeId,
      int limit) {
    return transactions.executeRead(
        s ->
            new Page(
                inbox.page(tenantId, userId, unreadOnly, beforeTime, beforeId, limit),
                inbox.unreadCount(tenantId, userId)));
  }

  public Notification markRead(String tenantId, String userId, String id) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return transactions.executeWrite(
        s -> {
          if (!inbox.markRead(tenantId, userId, id, now)) {
            throw ProblemException.notFound("Notification", id);
          }
          return inbox.find(tenantId, userId, id).orElseThrow();
        });
  }

  /** How many were marked, and the unread count after. */
  public record Marked(int marked, int unreadCount) {}

  public Marked markAllRead(String tenantId, String userId) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return transactions.executeWrite(
        s -> {
          int marked = inbox.markAllRead(tenantId, userId, now);
          return new Marked(marked, inbox.unreadCount(tenantId, userId));
        });
  }

  public int unreadCount(String tenantId, String userId) {
    return transactions.executeRead(s -> inbox.unreadCount(tenantId, userId));
  }
}
