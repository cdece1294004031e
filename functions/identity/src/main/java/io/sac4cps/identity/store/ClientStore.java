package io.sac4cps.identity.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.strings;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.identity.domain.Client;
import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.platform.jdbc.StoreException;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Clients of the client_credentials grant, with the digest of their secret. */
@Singleton
public class ClientStore {

  /** A client with the SHA-256 digest of its secret, for the token endpoint only. */
  public record WithSecret(Client client, byte[] secretDigest) {}

  private final JdbcStatements sql;

  ClientStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /**
   * @throws StoreException whose {@link StoreException#isUniqueViolation()} is true when the tenant
   *     already has a client of that name
   */
  public void insert(Client client, byte[] secretDigest) {
    sql.update(
        "INSERT INTO client (id, tenant_id, name, description, secret_digest, roles, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setString(1, client.id());
          s.setString(2, client.tenantId());
          s.setString(3, client.name());
          s.setString(4, client.description());
          s.setBytes(5, secretDigest);
          s.setArray(6, sql.textArray(client.roles()));
          s.setTimestamp(7, timestamp(client.createdAt()));
        });
  }

  /** The token endpoint knows only the client id; the tenant comes from the client. */
  public Optional<WithSecret> findForToken(String id) {
    return sql.queryOne(
        "SELECT id, tenant_id, name, description, secret_digest, roles, created_at"
            + " FROM client WHERE id = ?",
        s -> s.setString(1, id),
        row ->
            new WithSecret(
                new Client(
                    row.getString("id"),
                    row.getString("tenant_id"),
                    row.getString("name"),
                    row.getString("description"),
                    strings(row, "roles"),
                    instant(row, "created_at")),
                row.getBytes("secret_digest")));
  }
}
