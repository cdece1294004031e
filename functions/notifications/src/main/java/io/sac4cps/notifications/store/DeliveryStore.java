package io.sac4cps.notifications.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.notifications.domain.Delivery;
import io.sac4cps.notifications.domain.DeliveryStatus;
import io.sac4cps.notifications.domain.Notification;
import io.sac4cps.notifications.domain.Recipient;
import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.platform.telemetry.TraceContext;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Deliveries, one per (cause, recipient, channel); the caller's transaction. A sender first {@link
 * #claim claims} rows, committing that, then sends and {@link #record records} the outcome: two
 * senders (a redelivered message, concurrent consumers) never hold the same row.
 */
@Singleton
public class DeliveryStore {
  private static final String COLUMNS =
      "d.tenant_id, d.cause_id, d.user_id, d.channel, d.notification_id, d.status, d.attempts,"
          + " d.error, d.updated_at";

  private final JdbcStatements sql;

  public DeliveryStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /**
   * A claimed delivery with what its sender needs: the notification and its recipient; {@code
   * queuedBy} is the trace context of the span that queued it.
   */
  public record Job(
      Delivery delivery,
      Notification notification,
      Recipient recipient,
      String phone,
      Optional<TraceContext> queuedBy) {}

  /**
   * Inserts queued deliveries, with the current span's trace context; those whose key exists
   * already are left as they are.
   */
  public void insertQueued(Collection<Delivery> deliveries, Instant now) {
    Optional<TraceContext> trace = TraceContext.current();
    sql.batch(
        "INSERT INTO delivery (tenant_id, cause_id, user_id, channel, notification_id, status,"
            + " attempts, next_attempt_at, updated_at, traceparent, tracestate)"
            + " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        deliveries,
        (s, d) -> {
          s.setString(9, trace.map(TraceContext::traceparent).orElse(null));
          s.setString(10, trace.map(TraceContext::tracestate).orElse(null));
          s.setString(1, d.tenantId());
          s.setString(2, d.causeId());
          s.setString(3, d.userId());
          s.setString(4, d.channel().wireName());
          s.setString(5, d.notificationId());
          s.setString(6, d.status().column());
          s.setTimestamp(7, timestamp(now));
          s.setTimestamp(8, timestamp(now));
        });
  }

  /**
   * Claims up to {@code limit} deliveries that are due (queued and past their next attempt, or held
   * by a sender whose lease ran out), optionally only those of {@code causeIds}: each becomes
   * {@code sending} with a lease until {@code leaseUntil} and one more attempt counted. Rows
   * another transaction is claiming are skipped, not waited for.
   */
  public List<Job> claim(Collection<String> causeIds, Instant now, Instant leaseUntil, int limit) {
    String only = causeIds == null ? "" : " AND cause_id = ANY (?)";
    return sql.query(
        "WITH due AS (SELECT cause_id, user_id, channel FROM delivery"
            + " WHERE ((status = 'queued' AND next_attempt_at <= ?)"
            + " OR (status = 'sending' AND lease_until < ?))"
            + only
            + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED),"
            + " claimed AS (UPDATE delivery d SET status = 'sending', lease_until = ?,"
            + " attempts = d.attempts + 1, updated_at = ? FROM due"
            + " WHERE d.cause_id = due.cause_id AND d.user_id = due.user_id"
            + " AND d.channel = due.channel RETURNING d.*)"
            + " SELECT "
            + COLUMNS
            + ", n.cause_id AS n_cause_id, n.event_type, n.subject, n.title, n.body, n.severity,"
            + " n.created_at, n.read_at, r.email, r.name, r.roles, r.registered_at, p.phone,"
            + " d.traceparent, d.tracestate"
            + " FROM claimed d JOIN notification n"
            + " ON n.tenant_id = d.tenant_id AND n.id = d.notification_id"
            + " LEFT JOIN recipient r ON r.tenant_id = d.tenant_id AND r.user_id = d.user_id"
            + " LEFT JOIN preference p ON p.tenant_id = d.tenant_id AND p.user_id = d.user_id",
        s -> {
          int i = 1;
          s.setTimestamp(i++, timestamp(now));
          s.setTimestamp(i++, timestamp(now));
          if (causeIds != null) {
            s.setArray(i++, sql.textArray(causeIds));
          }
          s.setInt(i++, limit);
          s.setTimestamp(i++, timestamp(leaseUntil));
          s.setTimestamp(i, timestamp(now));
        },
        rs -> {
          Delivery d = delivery(rs);
          Notification n =
              new Notification(
                  d.tenantId(),
                  d.notificationId(),
                  d.userId(),
                  rs.getString("n_cause_id"),
                  rs.getString("event_type"),
                  rs.getString("subject"),
                  new io.sac4cps.notifications.domain.Message(
                      rs.getString("title"),
                      rs.getString("body"),
                      io.sac4cps.notifications.domain.Severity.fromWire(rs.getString("severity"))
                          .orElseThrow()),
                  instant(rs, "created_at"),
                  instant(rs, "read_at"));
          Recipient r =
              rs.getString("email") == null
                  ? null
                  : new Recipient(
                      d.tenantId(),
                      d.userId(),
                      rs.getString("email"),
                      rs.getString("name"),
                      new HashSet<>(JdbcStatements.strings(rs, "roles")),
                      instant(rs, "registered_at"));
          return new Job(
              d,
              n,
              r,
              rs.getString("phone"),
              TraceContext.parse(rs.getString("traceparent"), rs.getString("tracestate")));
        });
  }

  /**
   * Records the outcome of a claimed delivery: {@code status} with {@code error}, and for {@code
   * queued} when to try again. A row no longer {@code sending} (another sender took it over after
   * the lease ran out and finished) is left alone.
   */
  public void record(
      Delivery.Key key, DeliveryStatus status, String error, Instant nextAttemptAt, Instant now) {
    sql.update(
        "UPDATE delivery SET status = ?, error = ?, next_attempt_at = COALESCE(?, next_attempt_at),"
            + " lease_until = NULL, updated_at = ?"
            + " WHERE cause_id = ? AND user_id = ? AND channel = ? AND status = 'sending'",
        s -> {
          s.setString(1, status.column());
          s.setString(2, error);
          s.setTimestamp(3, timestamp(nextAttemptAt));
          s.setTimestamp(4, timestamp(now));
          s.setString(5, key.causeId());
          s.setString(6, key.userId());
          s.setString(7, key.channel().wireName());
        });
  }

  /**
   * Puts a claimed delivery back in the queue without counting the attempt its claim counted: it
   * was not made ({@link io.sac4cps.notifications.domain.Outcome.Deferred}).
   */
  public void putBack(Delivery.Key key, String reason, Instant nextAttemptAt, Instant now) {
    sql.update(
        "UPDATE delivery SET status = 'queued', attempts = greatest(attempts - 1, 0), error = ?,"
            + " next_attempt_at = ?, lease_until = NULL, updated_at = ?"
            + " WHERE cause_id = ? AND user_id = ? AND channel = ? AND status = 'sending'",
        s -> {
          s.setString(1, reason);
          s.setTimestamp(2, timestamp(nextAttemptAt));
          s.setTimestamp(3, timestamp(now));
          s.setString(4, key.causeId());
          s.setString(5, key.userId());
          s.setString(6, key.channel().wireName());
        });
  }

  /**
   * Records that the email of a notification, which the SMTP server accepted, never arrived (SES
   * reported a hard bounce or complaint): {@code sent} becomes {@code failed} with the reason.
   *
   * @return whether a delivery changed
   */
  public boolean emailBounced(String tenantId, String notificationId, String reason, Instant now) {
    return sql.update(
            "UPDATE delivery SET status = ?, error = ?, updated_at = ?"
                + " WHERE tenant_id = ? AND notification_id = ? AND channel = ? AND status = ?",
            s -> {
              s.setString(1, DeliveryStatus.FAILED.column());
              s.setString(2, reason);
              s.setTimestamp(3, timestamp(now));
              s.setString(4, tenantId);
              s.setString(5, notificationId);
              s.setString(6, Channel.EMAIL.wireName());
              s.setString(7, DeliveryStatus.SENT.column());
            })
        > 0;
  }

  /** The deliveries of a cause within a tenant, by recipient and channel. */
  public List<Delivery> ofCause(String tenantId, String causeId) {
    return sql.query(
        "SELECT "
            + COLUMNS
            + " FROM delivery d WHERE d.tenant_id = ? AND d.cause_id = ?"
            + " ORDER BY d.user_id, d.channel",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, causeId);
        },
        DeliveryStore::delivery);
  }

  /** The earliest next attempt of a queued delivery (of these causes, when given), if any. */
  public java.util.Optional<Instant> nextAttempt(Collection<String> causeIds) {
    String only = causeIds == null ? "" : " AND cause_id = ANY (?)";
    return sql.queryOne(
        "SELECT min(next_attempt_at) AS next FROM delivery WHERE status = 'queued'" + only,
        s -> {
          if (causeIds != null) {
            s.setArray(1, sql.textArray(causeIds));
          }
        },
        rs -> instant(rs, "next"));
  }

  private static Delivery delivery(ResultSet rs) throws SQLException {
    return new Delivery(
        rs.getString("tenant_id"),
        rs.getString("cause_id"),
        rs.getString("user_id"),
        Channel.fromWire(rs.getString("channel")).orElseThrow(),
        rs.getString("notification_id"),
        DeliveryStatus.ofColumn(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getString("error"),
        instant(rs, "updated_at"));
  }
}
