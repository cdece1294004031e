package io.sac4cps.identity.service;

import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.identity.domain.Client;
import io.sac4cps.identity.domain.RefreshToken;
import io.sac4cps.identity.domain.SecretTokens;
import io.sac4cps.identity.domain.User;
import io.sac4cps.identity.store.ClientStore;
import io.sac4cps.identity.store.RefreshTokenStore;
import io.sac4cps.identity.store.UserStore;
import io.sac4cps.identity.token.AccessTokens;
import io.sac4cps.platform.problem.ProblemException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** POST /auth/token: the refresh_token grant (with rotation) and the client_credentials grant. */
@Singleton
public class TokenGrants {
  private static final Logger LOG = LoggerFactory.getLogger(TokenGrants.class);
  public static final String INVALID_REFRESH = "The refresh token is invalid or expired.";
  public static final String INVALID_CLIENT = "The client credentials are invalid.";

  private final TransactionOperations<Connection> transactions;
  private final RefreshTokenStore refreshTokenStore;
  private final RefreshTokens refreshTokens;
  private final UserStore users;
  private final ClientStore clients;
  private final AccessTokens accessTokens;
  private final Clock clock;

  TokenGrants(
      TransactionOperations<Connection> transactions,
      RefreshTokenStore refreshTokenStore,
      RefreshTokens refreshTokens,
      UserStore users,
      ClientStore clients,
      AccessTokens accessTokens,
      Clock clock) {
    this.transactions = transactions;
    this.refreshTokenStore = refreshTokenStore;
    this.refreshTokens = refreshTokens;
    this.users = users;
    this.clients = clients;
    this.accessTokens = accessTokens;
    this.clock = clock;
  }

  private sealed interface Rotation {}

  private record Rotated(User user, String refreshToken) implements Rotation {}

  private record Refused(boolean reuse) implements Rotation {}

  /**
   * Exchanges a refresh token for new tokens, replacing it. A token presented a second time revokes
   * its whole session: whoever holds either copy must log in again.
   */
  public TokenSet refresh(String presented) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    // The refusal commits (a revocation must stick); the 401 is thrown after the transaction.
    Rotation rotation =
        transactions.executeWrite(
            status -> {
              Optional<RefreshToken> found =
                  refreshTokenStore.findForUpdate(SecretTokens.digest(presented));
              if (found.isEmpty()) {
                return new Refused(false);
              }
              RefreshToken token = found.get();
              switch (token.verdictAt(now)) {
                case REUSED -> {
                  refreshTokenStore.revokeFamily(token.familyId(), now);
                  return new Refused(true);
                }
                case EXPIRED -> {
                  return new Refused(false);
                }
                case VALID -> {
                  Optional<User> user = users.find(token.tenantId(), token.userId());
                  if (user.isEmpty()) {
                    refreshTokenStore.revokeFamily(token.familyId(), now);
                    return new Refused(false);
                  }
                  refreshTokenStore.markReplaced(token.id(), now);
                  return new Rotated(user.get(), refreshTokens.next(token, now));
                }
              }
              throw new IllegalStateException("unreachable");
            });
    return switch (rotation) {
      case Rotated(User user, String refreshToken) -> {
        AccessTokens.Issued access = accessTokens.issue(user.id(), user.tenantId(), user.roles());
        yield new TokenSet(access.token(), access.expiresIn(), refreshToken);
      }
      case Refused(boolean reuse) -> {
        if (reuse) {
          LOG.warn("a replaced refresh token was presented again; its session is revoked");
        }
        throw new ProblemException(HttpStatus.UNAUTHORIZED, INVALID_REFRESH);
      }
    };
  }

  /** An access token for a client; no refresh token (the client can always ask again). */
  public TokenSet clientCredentials(String clientId, String clientSecret) {
    Optional<ClientStore.WithSecret> found =
        transactions.executeRead(status -> clients.findForToken(clientId));
    if (found.isEmpty() || !SecretTokens.matches(clientSecret, found.get().secretDigest())) {
      throw new ProblemException(HttpStatus.UNAUTHORIZED, INVALID_CLIENT);
    }
    Client client = found.get().client();
    AccessTokens.Issued access = accessTokens.issue(client.id(), client.tenantId(), client.roles());
    return new TokenSet(access.token(), access.expiresIn(), null);
  }
}
