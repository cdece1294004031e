package io.sac4cps.notifications.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenants' event logs: each consumed CloudEvent's JSON, newest first; the caller's transaction.
 */
@Singleton
public class EventLogStore {
  private final JdbcStatements sql;

  public EventLogStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** A logged event: its sort keys and the CloudEvent JSON. */
  public record Entry(String id, Instant time, String json) {}

  /** Logs an event once; again is a no-op. */
  public void append(
      String tenantId, String id, String type, Instant time, String subject, String json) {
    sql.update(
        "INSERT INTO event_log (tenant_id, id, type, time, subject, event)"
            + " VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, id);
          s.setString(3, type);
          s.setTimestamp(4, timestamp(time));
          s.setString(5, subject);
          s.setString(6, json);
        });
  }

  /**
   * A page of the tenant's events, newest first, optionally of one type and at or after {@code
   * since}, after the page that ended at ({@code beforeTime}, {@code beforeId}).
   */
  public List<Entry> page(
      String tenantId, String type, Instant since, Instant beforeTime, String beforeId, int limit) {
    StringBuilder select =
        new StringBuilder(
            "SELECT id, time, event::text AS event FROM event_log WHERE tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(tenantId));
    if (type != null) {
      select.append(" AND type = ?");
      params.add(type);
    }
    if (since != null) {
      select.append(" AND time >= ?");
      params.add(timestamp(since));
    }
    if (beforeTime != null) {
      select.append(" AND (time, id) < (?, ?)");
      params.add(timestamp(beforeTime));
      params.add(beforeId);
    }
    select.append(" ORDER BY time DESC, id DESC LIMIT ?");
    params.add(limit);
    return sql.query(
        select.toString(),
        s -> {
          for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
          }
        },
        rs ->
            new Entry(
                rs.getString("id"), JdbcStatements.instant(rs, "time"), rs.getString("event")));
  }
}
