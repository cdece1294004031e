package io.sac4cps.notifications.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.notifications.domain.EmailFeedback;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Addresses no email may go to any more, per tenant (V2 migration); the caller's transaction.
 * Addresses are compared {@link EmailFeedback#normalised normalised}.
 */
@Singleton
public class EmailSuppressionStore {
  private final JdbcStatements sql;

  public EmailSuppressionStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** Suppresses each address of the feedback; one suppressed already keeps its first reason. */
  public void suppress(EmailFeedback feedback) {
    sql.batch(
        "INSERT INTO email_suppression (tenant_id, email, reason, feedback_id, suppressed_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        feedback.addresses(),
        (s, address) -> {
          s.setString(1, feedback.tenantId());
          s.setString(2, address);
          s.setString(3, feedback.reason());
          s.setString(4, feedback.feedbackId());
          s.setTimestamp(5, timestamp(feedback.at()));
        });
  }

  /** Why email to {@code address} is suppressed in the tenant; empty when it is not. */
  public Optional<String> reasonFor(String tenantId, String address) {
    return sql.queryOne(
        "SELECT reason, suppressed_at FROM email_suppression WHERE tenant_id = ? AND email = ?",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, EmailFeedback.normalised(address));
        },
        rs -> rs.getString("reason") + " on " + rs.getTimestamp("suppressed_at").toInstant());
  }
}
