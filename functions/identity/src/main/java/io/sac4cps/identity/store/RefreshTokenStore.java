package io.sac4cps.identity.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.identity.domain.RefreshToken;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;

/** Refresh tokens, stored as SHA-256 digests, grouped in families (one per login). */
@Singleton
public class RefreshTokenStore {
  private final JdbcStatements sql;

  RefreshTokenStore(JdbcStatements sql) {
    this.sql = sql;
  }

  public void insert(RefreshToken token, byte[] digest) {
    sql.update(
        "INSERT INTO refresh_token (id, family_id, tenant_id, user_id, token_digest, issued_at,"
            + " expires_at, family_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setString(1, token.id());
          s.setString(2, token.familyId());
          s.setString(3, token.tenantId());
          s.setString(4, token.userId());
          s.setBytes(5, digest);
          s.setTimestamp(6, timestamp(token.issuedAt()));
          s.setTimestamp(7, timestamp(token.expiresAt()));
          s.setTimestamp(8, timestamp(token.familyExpiresAt()));
        });
  }

  /**
   * The token with this digest, locked until the transaction ends: two requests presenting the same
   * token are serialized, so the second sees it replaced and is treated as reuse.
   */
  public Optional<RefreshToken> findForUpdate(byte[] digest) {
    return sql.queryOne(
        "SELECT id, family_id, tenant_id, user_id, issued_at, expires_at, family_expires_at, replaced_at,"
            + " revoked_at FROM refresh_token WHERE token_digest = ? FOR UPDATE",
        s -> s.setBytes(1, digest),
        row ->
            new RefreshToken(
                row.getString("id"),
                row.getString("family_id"),
                row.getString("tenant_id"),
                row.getString("user_id"),
                instant(row, "issued_at"),
                instant(row, "expires_at"),
                instant(row, "family_expires_at"),
                instant(row, "replaced_at"),
                instant(row, "revoked_at")));
  }

  public void markReplaced(String id, Instant at) {
    sql.update(
        "UPDATE refresh_token SET replaced_at = ? WHERE id = ?",
        s -> {
          s.setTimestamp(1, timestamp(at));
          s.setString(2, id);
        });
  }

  /** Revokes every token of the family; returns how many were still unrevoked. */
  public int revokeFamily(String familyId, Instant at) {
    return sql.update(
        "UPDATE refresh_token SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
        s -> {
          s.setTimestamp(1, timestamp(at));
          s.setString(2, familyId);
        });
  }

  /**
   * Deletes up to {@code limit} tokens of families that ended before {@code before}; kept until
   * then so that reuse of an old token is still recognised.
   */
  public int purgeEndedFamilies(Instant before, int limit) {
    return sql.update(
        "DELETE FROM refresh_token WHERE id IN (SELECT id FROM refresh_token"
            + " WHERE family_expires_at < ? LIMIT ?)",
        s -> {
          s.setTimestamp(1, timestamp(before));
          s.setInt(2, limit);
        });
  }
}
