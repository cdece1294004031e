package io.sac4cps.identity.domain;

import java.time.Instant;

/**
 * One refresh token of a login session ({@code familyId}). A token is good once: refreshing
 * replaces it with the next token of the family, and a replaced token presented again means it was
 * copied, so the whole family is revoked.
 */
public record RefreshToken(
    String id,
    String familyId,
    String tenantId,
    String userId,
    Instant issuedAt,
    Instant expiresAt,
    Instant familyExpiresAt,
    Instant replacedAt,
    Instant revokedAt) {

  /** What presenting this token at {@code now} means. */
  public enum Verdict {
    /** Good: rotate it. */
    VALID,
    /** Past its own or its family's lifetime. */
    EXPIRED,
    /** Already replaced or revoked: someone else holds a copy. */
    REUSED
  }

  public Verdict verdictAt(Instant now) {
    if (replacedAt != null || revokedAt != null) {
      return Verdict.REUSED;
    }
    if (!now.isBefore(expiresAt) || !now.isBefore(familyExpiresAt)) {
      return Verdict.EXPIRED;
    }
    return Verdict.VALID;
  }
}
