package io.sac4cps.identity.service;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.identity.domain.EmailAddress;
import io.sac4cps.identity.domain.LoginThrottle;
import io.sac4cps.identity.domain.PasswordHasher;
import io.sac4cps.identity.domain.SecretTokens;
import io.sac4cps.identity.domain.User;
import io.sac4cps.identity.store.LoginFailureStore;
import io.sac4cps.identity.store.RefreshTokenStore;
import io.sac4cps.identity.store.UserStore;
import io.sac4cps.identity.token.AccessTokens;
import io.sac4cps.platform.problem.FieldChecks;
import io.sac4cps.platform.problem.ProblemException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * POST /auth/login. Every failure answers the same 401, whether the email has an account or not,
 * and takes as long (an unknown email is checked against a dummy hash). Failures count per email in
 * the database; past the limit the email is locked out (429) before any password is checked.
 */
@Singleton
public class Login {
  static final String FAILED = "The email or password is incorrect.";
  private static final int PURGE_BATCH = 100;

  private final TransactionOperations<Connection> transactions;
  private final UserStore users;
  private final LoginFailureStore failures;
  private final RefreshTokenStore refreshTokenStore;
  private final RefreshTokens refreshTokens;
  private final PasswordHasher hasher;
  private final AccessTokens accessTokens;
  private final LoginThrottle throttle;
  private final Clock clock;
  private volatile String dummyHash;

  Login(
      TransactionOperations<Connection> transactions,
      UserStore users,
      LoginFailureStore failures,
      RefreshTokenStore refreshTokenStore,
      RefreshTokens refreshTokens,
      PasswordHasher hasher,
      AccessTokens accessTokens,
      @Value("${sac4cps.identity.login.max-failures:5}") int maxFailures,
      @Value("${sac4cps.identity.login.failure-window:15m}") Duration failureWindow,
      @Value("${sac4cps.identity.login.lockout:15m}") Duration lockout,
      Clock clock) {
    this.transactions = transactions;
    this.users = users;
    this.failures = failures;
    this.refreshTokenStore = refreshTokenStore;
    this.refreshTokens = refreshTokens;
    this.hasher = hasher;
    this.accessTokens = accessTokens;
    this.throttle = new LoginThrottle(maxFailures, failureWindow, lockout);
    this.clock = clock;
  }

  public TokenSet login(String rawEmail, String password) {
    new FieldChecks()
        .check("email", EmailAddress.problem(rawEmail))
        .text("password", password, true, 1024)
        .orThrow();
    EmailAddress email = new EmailAddress(rawEmail);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);

    Optional<UserStore.WithPassword> account =
        transactions.executeRead(
            status -> {
              Optional<Instant> locked = failures.lockedUntil(email, now);
              if (locked.isPresent()) {
                throw locked(locked.get(), now);
              }
              return users.findForLogin(email);
            });

    // The slow part runs outside any transaction, holding no connection.
    boolean valid;
    if (account.isPresent()) {
      valid = hasher.verify(password, account.get().passwordHash());
    } else {
      hasher.verify(password, dummyHash()); // same work as for a real account
      valid = false;
    }
    if (!valid) {
      transactions.executeWrite(status -> failures.recordFailure(email, now, throttle));
      throw new ProblemException(HttpStatus.UNAUTHORIZED, FAILED);
    }

    User user = account.get().user();
    String rehashed =
        hasher.needsRehash(account.get().passwordHash()) ? hasher.hash(password) : null;
    String refreshToken =
        transactions.executeWrite(
            status -> {
              failures.clear(email);
              if (rehashed != null) {
                users.updatePasswordHash(user.id(), rehashed);
              }
              // Housekeeping in small bounded steps, instead of a scheduled job.
              failures.purgeStale(
                  now.minus(throttle.window()).minus(throttle.lockout()), PURGE_BATCH);
              refreshTokenStore.purgeEndedFamilies(now, PURGE_BATCH);
              return refreshTokens.startFamily(user.tenantId(), user.id(), now);
            });
    AccessTokens.Issued access = accessTokens.issue(user.id(), user.tenantId(), user.roles());
    return new TokenSet(access.token(), access.expiresIn(), refreshToken);
  }

  /** Refused for the rest of the lock, password unchecked: 429 with {@code Retry-After}. */
  private static ProblemException locked(Instant until, Instant now) {
    return ProblemException.tooManyRequests(
        "Too many failed logins. Try again later.", Duration.between(now, until).plusSeconds(1));
  }

  /** A hash of nothing anyone knows, made with the current cost, for unknown emails. */
  private String dummyHash() {
    String hash = dummyHash;
    if (hash == null) {
      hash = hasher.hash(SecretTokens.newSecret());
      dummyHash = hash;
    }
    return hash;
  }
}
