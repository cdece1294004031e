package io.sac4cps.notifications.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.notifications.domain.EmailFeedback;
import io.sac4cps.notifications.store.DeliveryStore;
import io.sac4cps.notifications.store.EmailSuppressionStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops email to addresses that hard-bounced or complained, per tenant: SES counts both against the
 * account's sending reputation and may pause it, and a complainer asked for no more. The delivery
 * whose email bounced shows {@code failed} with SES's reason; later ones fail at once with the
 * suppression's reason ({@code EmailSender}).
 */
@Singleton
public class EmailSuppression {
  private static final Logger LOG = LoggerFactory.getLogger(EmailSuppression.class);

  private final TransactionOperations<Connection> transactions;
  private final EmailSuppressionStore store;
  private final DeliveryStore deliveries;
  private final Clock clock;

  public EmailSuppression(
      TransactionOperations<Connection> transactions,
      EmailSuppressionStore store,
      DeliveryStore deliveries,
      Clock clock) {
    this.transactions = transactions;
    this.store = store;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  /** Applies one report; applying it again changes nothing. */
  public void apply(EmailFeedback feedback) {
    transactions.executeWrite(
        s -> {
          store.suppress(feedback);
          if (feedback.notificationId() != null) {
            deliveries.emailBounced(
                feedback.tenantId(), feedback.notificationId(), feedback.reason(), clock.instant());
          }
          return null;
        });
    LOG.info(
        "email suppressed in tenant {} for {} address(es): {}",
        feedback.tenantId(),
        feedback.addresses().size(),
        feedback.reason());
  }

  /** Why no email may go to {@code address} in the tenant; empty when it may. */
  public Optional<String> reasonFor(String tenantId, String address) {
    return transactions.executeRead(s -> store.reasonFor(tenantId, address));
  }
}
