package io.sac4cps.identity.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;

/** Tenants (organisations). */
@Singleton
public class TenantStore {
  private final JdbcStatements sql;

  TenantStore(JdbcStatements sql) {
    this.sql = sql;
  }

  public void insert(String id, String name, Instant createdAt) {
    sql.update(
        "INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)",
        s -> {
          s.setString(1, id);
          s.setString(2, name);
          s.setTimestamp(3, timestamp(createdAt));
        });
  }

  /** The tenant's name, if it exists. */
  public Optional<String> name(String id) {
    return sql.queryOne(
        "SELECT name FROM tenant WHERE id = ?", s -> s.setString(1, id), row -> row.getString(1));
  }
}
