package io.sac4cps.notifications.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.strings;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.notifications.domain.Connection;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** Open WebSocket connections; the caller's transaction. */
@Singleton
public class ConnectionStore {
  private static final String COLUMNS =
      "connection_id, tenant_id, user_id, roles, connected_at, expires_at";

  private final JdbcStatements sql;

  public ConnectionStore(JdbcStatements sql) {
    this.sql = sql;
  }

  public void insert(Connection c) {
    sql.update(
        "INSERT INTO connection ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (connection_id) DO UPDATE SET"
            + " tenant_id = EXCLUDED.tenant_id, user_id = EXCLUDED.user_id,"
            + " roles = EXCLUDED.roles, connected_at = EXCLUDED.connected_at,"
            + " expires_at = EXCLUDED.expires_at",
        s -> {
          s.setString(1, c.connectionId());
          s.setString(2, c.tenantId());
          s.setString(3, c.userId());
          s.setArray(4, sql.textArray(c.roles()));
          s.setTimestamp(5, timestamp(c.connectedAt()));
          s.setTimestamp(6, timestamp(c.expiresAt()));
        });
  }

  public Optional<Connection> find(String connectionId, Instant now) {
    return sql.queryOne(
        "SELECT " + COLUMNS + " FROM connection WHERE connection_id = ? AND expires_at > ?",
        s -> {
          s.setString(1, connectionId);
          s.setTimestamp(2, timestamp(now));
        },
        ConnectionStore::connection);
  }

  /** The user's connections not yet past API Gateway's limit. */
  public List<Connection> ofUser(String tenantId, String userId, Instant now) {
    return sql.query(
        "SELECT "
            + COLUMNS
            + " FROM connection WHERE tenant_id = ? AND user_id = ? AND expires_at > ?"
            + " ORDER BY connection_id",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, userId);
          s.setTimestamp(3, timestamp(now));
        },
        ConnectionStore::connection);
  }

  /** Deletes exactly this connection; returns whether it existed. */
  public boolean delete(String connectionId) {
    return sql.update(
            "DELETE FROM connection WHERE connection_id = ?", s -> s.setString(1, connectionId))
        > 0;
  }

  private static Connection connection(ResultSet rs) throws SQLException {
    return new Connection(
        rs.getString("connection_id"),
        rs.getString("tenant_id"),
        rs.getString("user_id"),
        new HashSet<>(strings(rs, "roles")),
        instant(rs, "connected_at"),
        instant(rs, "expires_at"));
  }
}
