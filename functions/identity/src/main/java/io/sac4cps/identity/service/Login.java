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
 * and takes as long (an unknown email is checked against a dummy hash). Attempts are throttled per
 * email and client address with growing delays, and per email across addresses the owner never
 * logged in from (decision 0020): guessing stays slow, and nobody can lock an owner out by failing
 * on purpose. Each attempt is counted before its password is checked, so concurrent guesses on any
 * number of instances cannot slip past the count.
 */
@Singleton
public class Login {
  static final String FAILED = "The email or password is incorrect.";
  private static final int PURGE_BATCH = 100;

  private final TransactionOperations<Connection> transactions;
  private final UserStore users;
  private final LoginFailureStore attempts;
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
      LoginFailureStore attempts,
      RefreshTokenStore refreshTokenStore,
      RefreshTokens refreshTokens,
      PasswordHasher hasher,
      AccessTokens accessTokens,
      @Value("${sac4cps.identity.login.free-attempts:5}") int freeAttempts,
      @Value("${sac4cps.identity.login.account-free-attempts:20}") int accountFreeAttempts,
      @Value("${sac4cps.identity.login.first-delay:30s}") Duration firstDelay,
      @Value("${sac4cps.identity.login.max-delay:15m}") Duration maxDelay,
      @Value("${sac4cps.identity.login.memory:24h}") Duration memory,
      @Value("${sac4cps.identity.login.known-for:90d}") Duration knownFor,
      Clock clock) {
    this.transactions = transactions;
    this.users = users;
    this.attempts = attempts;
    this.refreshTokenStore = refreshTokenStore;
    this.refreshTokens = refreshTokens;
    this.hasher = hasher;
    this.accessTokens = accessTokens;
    this.throttle =
        new LoginThrottle(
            freeAttempts, accountFreeAttempts, firstDelay, maxDelay, memory, knownFor);
    this.clock = clock;
  }

  /** An attempt that passed the throttle, counted, with the account if the email has one. */
  private record Admitted(boolean knownClient, Optional<UserStore.WithPassword> account) {}

  /**
   * @param client the caller's address as API Gateway saw it
   */
  public TokenSet login(String rawEmail, String password, String client) {
    new FieldChecks()
        .check("email", EmailAddress.problem(rawEmail))
        .text("password", password, true, 1024)
        .orThrow();
    EmailAddress email = new EmailAddress(rawEmail);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);

    Admitted admitted = transactions.executeWrite(status -> admit(email, client, now));

    // The slow part runs outside any transaction, holding no connection.
    boolean valid;
    if (admitted.account().isPresent()) {
      valid = hasher.verify(password, admitted.account().get().passwordHash());
    } else {
      hasher.verify(password, dummyHash()); // same work as for a real account
      valid = false;
    }
    if (!valid) {
      throw new ProblemException(HttpStatus.UNAUTHORIZED, FAILED);
    }

    UserStore.WithPassword account = admitted.account().get();
    User user = account.user();
    String rehashed = hasher.needsRehash(account.passwordHash()) ? hasher.hash(password) : null;
    String refreshToken =
        transactions.executeWrite(
            status -> {
              attempts.forget(email, client);
              if (!admitted.knownClient()) {
                attempts.uncount(email, LoginFailureStore.ANY_CLIENT);
              }
              attempts.remember(email, client, now);
              if (rehashed != null) {
                users.updatePasswordHash(user.id(), rehashed);
              }
              // Housekeeping in small bounded steps, instead of a scheduled job.
              attempts.purgeStale(
                  now.minus(throttle.memory()), now.minus(throttle.knownFor()), now, PURGE_BATCH);
              refreshTokenStore.purgeEndedFamilies(now, PURGE_BATCH);
              return refreshTokens.startFamily(user.tenantId(), user.id(), now);
            });
    AccessTokens.Issued access = accessTokens.issue(user.id(), user.tenantId(), user.roles());
    return new TokenSet(access.token(), access.expiresIn(), refreshToken);
  }

  /**
   * Counts the attempt for the address and, unless the email logged in from it before, for the
   * email; refuses it (429) while either counter waits. Counters are locked address first, then
   * email, in every transaction, so concurrent attempts queue instead of deadlocking.
   */
  private Admitted admit(EmailAddress email, String client, Instant now) {
    boolean known = attempts.known(email, client, now.minus(throttle.knownFor()));
    LoginThrottle.Decision own =
        throttle.attempt(attempts.lockCount(email, client), throttle.freeAttempts(), now);
    if (own instanceof LoginThrottle.Refused refused) {
      throw locked(refused.until(), now);
    }
    LoginThrottle.Decision account = null;
    if (!known) {
      account =
          throttle.attempt(
              attempts.lockCount(email, LoginFailureStore.ANY_CLIENT),
              throttle.accountFreeAttempts(),
              now);
      if (account instanceof LoginThrottle.Refused refused) {
        throw locked(refused.until(), now);
      }
      attempts.save(email, LoginFailureStore.ANY_CLIENT, ((LoginThrottle.Counted) account).count());
    }
    attempts.save(email, client, ((LoginThrottle.Counted) own).count());
    return new Admitted(known, users.findForLogin(email));
  }

  /** Refused for the rest of the wait, password unchecked: 429 with {@code Retry-After}. */
  private static ProblemException locked(Instant until, Instant now) {
    return ProblemException.tooManyRequests(
        "Too many failed logins from here. Try again later.",
        Duration.between(now, until).plusSeconds(1));
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
