package io.sac4cps.rooms.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.rooms.domain.Alert;
import io.sac4cps.rooms.events.AlertEvents;
import io.sac4cps.rooms.store.AlertStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Acknowledging an alert (decision 0044): the first acknowledgement is recorded and published as
 * alert.acknowledged.v1 in one transaction; any later one, by anyone, changes nothing and answers
 * the first, so a retried or concurrent request cannot tell people twice.
 */
@Singleton
public class AlertAcknowledgements {
  private final TransactionOperations<Connection> transactions;
  private final AlertStore alerts;
  private final AlertEvents events;
  private final Outbox outbox;
  private final Clock clock;

  public AlertAcknowledgements(
      TransactionOperations<Connection> transactions,
      AlertStore alerts,
      AlertEvents events,
      Outbox outbox,
      Clock clock) {
    this.transactions = transactions;
    this.alerts = alerts;
    this.events = events;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** The alert with its (first) acknowledgement; 404 for an alert the tenant does not have. */
  public Alert acknowledge(String tenantId, String alertId, String userId) {
    Alert.Acknowledgement now =
        new Alert.Acknowledgement(userId, clock.instant().truncatedTo(ChronoUnit.MICROS));
    return transactions.executeWrite(
        status -> {
          if (alerts.acknowledge(tenantId, alertId, now)) {
            Alert acknowledged = alerts.find(tenantId, alertId).orElseThrow();
            outbox.add(events.acknowledged(acknowledged, now));
            return acknowledged;
          }
          return alerts
              .find(tenantId, alertId)
              .orElseThrow(() -> ProblemException.notFound("Alert", alertId));
        });
  }
}
