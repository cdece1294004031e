package io.sac4cps.notifications.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.notifications.domain.Message;
import io.sac4cps.notifications.domain.Notification;
import io.sac4cps.notifications.domain.Severity;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The users' inboxes; always within one tenant and one user; the caller's transaction. */
@Singleton
public class InboxStore {
  private static final String COLUMNS =
      "tenant_id, id, user_id, cause_id, event_type, subject, title, body, severity, created_at,"
          + " read_at";

  private final JdbcStatements sql;

  public InboxStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /**
   * Inserts a notification unless its cause already made one for the user; returns the id of the
   * stored one either way.
   */
  public String insert(Notification n) {
    return sql.queryOne(
            "WITH inserted AS (INSERT INTO notification ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"
                + " ON CONFLICT (tenant_id, cause_id, user_id) DO NOTHING RETURNING id)"
                + " SELECT id FROM inserted UNION ALL SELECT id FROM notification"
                + " WHERE tenant_id = ? AND cause_id = ? AND user_id = ? LIMIT 1",
            s -> {
              s.setString(1, n.tenantId());
              s.setString(2, n.id());
              s.setString(3, n.userId());
              s.setString(4, n.causeId());
              s.setString(5, n.eventType());
              s.setString(6, n.subject());
              s.setString(7, n.message().title());
              s.setString(8, n.message().body());
              s.setString(9, n.message().severity().wireName());
              s.setTimestamp(10, timestamp(n.createdAt()));
              s.setString(11, n.tenantId());
              s.setString(12, n.causeId());
              s.setString(13, n.userId());
            },
            rs -> rs.getString(1))
        .orElseThrow();
  }

  public Optional<Notification> find(String tenantId, String userId, String id) {
    return sql.queryOne(
        "SELECT " + COLUMNS + " FROM notification WHERE tenant_id = ? AND user_id = ? AND id = ?",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, userId);
          s.setString(3, id);
        },
        InboxStore::notification);
  }

  /** A page of the user's inbox, newest first, after ({@code beforeTime}, {@code beforeId}). */
  public List<Notification> page(
      String tenantId,
      String userId,
      boolean unreadOnly,
      Instant beforeTime,
      String beforeId,
      int limit) {
    StringBuilder select =
        new StringBuilder(
            "SELECT " + COLUMNS + " FROM notification WHERE tenant_id = ? AND user_id = ?");
    List<Object> params = new ArrayList<>(List.of(tenantId, userId));
    if (unreadOnly) {
      select.append(" AND read_at IS NULL");
    }
    if (beforeTime != null) {
      select.append(" AND (created_at, id) < (?, ?)");
      params.add(timestamp(beforeTime));
      params.add(beforeId);
    }
    select.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    params.add(limit);
    return sql.query(
        select.toString(),
        s -> {
          for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
          }
        },
        InboxStore::notification);
  }

  public int unreadCount(String tenantId, String userId) {
    return sql.queryOne(
            "SELECT count(*) FROM notification"
                + " WHERE tenant_id = ? AND user_id = ? AND read_at IS NULL",
            s -> {
              s.setString(1, tenantId);
              s.setString(2, userId);
            },
            rs -> rs.getInt(1))
        .orElse(0);
  }

  /** Marks one notification read; a read one keeps its first read time. False: no such row. */
  public boolean markRead(String tenantId, String userId, String id, Instant at) {
    return sql.update(
            "UPDATE notification SET read_at = COALESCE(read_at, ?)"
                + " WHERE tenant_id = ? AND user_id = ? AND id = ?",
            s -> {
              s.setTimestamp(1, timestamp(at));
              s.setString(2, tenantId);
              s.setString(3, userId);
              s.setString(4, id);
            })
        > 0;
  }

  /** Marks every unread notification of the user read; returns how many. */
  public int markAllRead(String tenantId, String userId, Instant at) {
    return sql.update(
        "UPDATE notification SET read_at = ?"
            + " WHERE tenant_id = ? AND user_id = ? AND read_at IS NULL",
        s -> {
          s.setTimestamp(1, timestamp(at));
          s.setString(2, tenantId);
          s.setString(3, userId);
        });
  }

  static Notification notification(ResultSet rs) throws SQLException {
    return new Notification(
        rs.getString("tenant_id"),
        rs.getString("id"),
        rs.getString("user_id"),
        rs.getString("cause_id"),
        rs.getString("event_type"),
        rs.getString("subject"),
        new Message(
            rs.getString("title"),
            rs.getString("body"),
            Severity.fromWire(rs.getString("severity")).orElse(Severity.INFO)),
        instant(rs, "created_at"),
        instant(rs, "read_at"));
  }
}
