package io.sac4cps.identity.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.strings;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.identity.domain.EmailAddress;
import io.sac4cps.identity.domain.User;
import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.platform.jdbc.StoreException;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Users. Every read but the login lookup is scoped by tenant. */
@Singleton
public class UserStore {
  private static final String COLUMNS =
      "u.id, u.tenant_id, t.name AS organization, u.email, u.name, u.roles, u.created_at";
  private static final String FROM = " FROM app_user u JOIN tenant t ON t.id = u.tenant_id";

  /** A user with the hash of their password, for login only. */
  public record WithPassword(User user, String passwordHash) {}

  private final JdbcStatements sql;

  UserStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /**
   * Inserts the user.
   *
   * @throws StoreException whose {@link StoreException#isUniqueViolation()} is true when the email
   *     is taken
   */
  public void insert(User user, String passwordHash) {
    sql.update(
        "INSERT INTO app_user (id, tenant_id, email, name, password_hash, roles, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setString(1, user.id());
          s.setString(2, user.tenantId());
          s.setString(3, user.email().value());
          s.setString(4, user.name());
          s.setString(5, passwordHash);
          s.setArray(6, sql.textArray(user.roles()));
          s.setTimestamp(7, timestamp(user.createdAt()));
        });
  }

  public boolean emailTaken(EmailAddress email) {
    return sql.queryOne(
            "SELECT 1 FROM app_user WHERE email = ?",
            s -> s.setString(1, email.value()),
            row -> true)
        .isPresent();
  }

  /** Login is the one lookup across tenants: the email is the account name. */
  public Optional<WithPassword> findForLogin(EmailAddress email) {
    return sql.queryOne(
        "SELECT " + COLUMNS + ", u.password_hash" + FROM + " WHERE u.email = ?",
        s -> s.setString(1, email.value()),
        row -> new WithPassword(user(row), row.getString("password_hash")));
  }

  public Optional<User> find(String tenantId, String id) {
    return sql.queryOne(
        "SELECT " + COLUMNS + FROM + " WHERE u.tenant_id = ? AND u.id = ?",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, id);
        },
        UserStore::user);
  }

  /**
   * Up to {@code limit} users of the tenant in creation order, after the user created at {@code
   * afterCreatedAt} with id {@code afterId} (both null for the first page).
   */
  public List<User> page(String tenantId, Instant afterCreatedAt, String afterId, int limit) {
    return sql.query(
        "SELECT "
            + COLUMNS
            + FROM
            + " WHERE u.tenant_id = ? AND (?::timestamptz IS NULL OR (u.created_at, u.id) > (?, ?))"
            + " ORDER BY u.created_at, u.id LIMIT ?",
        s -> {
          s.setString(1, tenantId);
          s.setTimestamp(2, timestamp(afterCreatedAt));
          s.setTimestamp(3, timestamp(afterCreatedAt));
          s.setString(4, afterId);
          s.setInt(5, limit);
        },
        UserStore::user);
  }

  public void updatePasswordHash(String id, String passwordHash) {
    sql.update(
        "UPDATE app_user SET password_hash = ? WHERE id = ?",
        s -> {
          s.setString(1, passwordHash);
          s.setString(2, id);
        });
  }

  private static User user(ResultSet row) throws SQLException {
    return new User(
        row.getString("id"),
        row.getString("tenant_id"),
        row.getString("organization"),
        new EmailAddress(row.getString("email")),
        row.getString("name"),
        strings(row, "roles"),
        instant(row, "created_at"));
  }
}
