package io.sac4cps.notifications.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.strings;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.notifications.domain.Recipient;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;

/** The replica of the tenants' users; the caller's transaction. */
@Singleton
public class RecipientStore {
  private static final String COLUMNS = "tenant_id, user_id, email, name, roles, registered_at";

  private final JdbcStatements sql;

  public RecipientStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** Inserts or replaces a user (a later registration event of the same user wins). */
  public void upsert(Recipient recipient) {
    sql.update(
        "INSERT INTO recipient ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, user_id) DO UPDATE SET"
            + " email = EXCLUDED.email, name = EXCLUDED.name, roles = EXCLUDED.roles,"
            + " registered_at = EXCLUDED.registered_at"
            + " WHERE recipient.registered_at <= EXCLUDED.registered_at",
        s -> {
          s.setString(1, recipient.tenantId());
          s.setString(2, recipient.userId());
          s.setString(3, recipient.email());
          s.setString(4, recipient.name());
          s.setArray(5, sql.textArray(recipient.roles()));
          s.setTimestamp(6, timestamp(recipient.registeredAt()));
        });
  }

  /** The tenant's users, in user id order. */
  public List<Recipient> all(String tenantId) {
    return sql.query(
        "SELECT " + COLUMNS + " FROM recipient WHERE tenant_id = ? ORDER BY user_id",
        s -> s.setString(1, tenantId),
        RecipientStore::recipient);
  }

  /** The tenant's users with any of {@code roles}. */
  public List<Recipient> withAnyRole(String tenantId, Collection<String> roles) {
    return sql.query(
        "SELECT " + COLUMNS + " FROM recipient WHERE tenant_id = ? AND roles && ? ORDER BY user_id",
        s -> {
          s.setString(1, tenantId);
          s.setArray(2, sql.textArray(roles));
        },
        RecipientStore::recipient);
  }

  /** Those of {@code userIds} that are users of the tenant. */
  public List<Recipient> find(String tenantId, Collection<String> userIds) {
    if (userIds.isEmpty()) {
      return List.of();
    }
    return sql.query(
        "SELECT "
            + COLUMNS
            + " FROM recipient WHERE tenant_id = ? AND user_id = ANY (?)"
            + " ORDER BY user_id",
        s -> {
          s.setString(1, tenantId);
          s.setArray(2, sql.textArray(userIds));
        },
        RecipientStore::recipient);
  }

  private static Recipient recipient(ResultSet rs) throws SQLException {
    return new Recipient(
        rs.getString("tenant_id"),
        rs.getString("user_id"),
        rs.getString("email"),
        rs.getString("name"),
        new HashSet<>(strings(rs, "roles")),
        instant(rs, "registered_at"));
  }
}
