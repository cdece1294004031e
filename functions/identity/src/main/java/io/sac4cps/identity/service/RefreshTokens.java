package io.sac4cps.identity.service;

import io.micronaut.context.annotation.Value;
import io.sac4cps.identity.domain.RefreshToken;
import io.sac4cps.identity.domain.SecretTokens;
import io.sac4cps.identity.store.RefreshTokenStore;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Issues refresh tokens: each lives {@code refresh-token-lifetime} unless used earlier, and a login
 * session (the family) ends {@code session-lifetime} after the login however often it is refreshed.
 * Must run in the caller's transaction.
 */
@Singleton
class RefreshTokens {
  private final RefreshTokenStore store;
  private final Duration tokenLifetime;
  private final Duration sessionLifetime;

  RefreshTokens(
      RefreshTokenStore store,
      @Value("${sac4cps.identity.refresh-token-lifetime:14d}") Duration tokenLifetime,
      @Value("${sac4cps.identity.session-lifetime:30d}") Duration sessionLifetime) {
    this.store = store;
    this.tokenLifetime = tokenLifetime;
    this.sessionLifetime = sessionLifetime;
  }

  /** The first token of a new login session. */
  String startFamily(String tenantId, String userId, Instant now) {
    return issue(UUID.randomUUID().toString(), tenantId, userId, now, now.plus(sessionLifetime));
  }

  /** The successor of {@code previous}, in the same session, which it does not outlive. */
  String next(RefreshToken previous, Instant now) {
    return issue(
        previous.familyId(),
        previous.tenantId(),
        previous.userId(),
        now,
        previous.familyExpiresAt());
  }

  private String issue(
      String familyId, String tenantId, String userId, Instant now, Instant familyEnds) {
    String secret = SecretTokens.newSecret();
    Instant expires = now.plus(tokenLifetime);
    store.insert(
        new RefreshToken(
            UUID.randomUUID().toString(),
            familyId,
            tenantId,
            userId,
            now,
            expires.isBefore(familyEnds) ? expires : familyEnds,
            familyEnds,
            null,
            null),
        SecretTokens.digest(secret));
    return secret;
  }
}
