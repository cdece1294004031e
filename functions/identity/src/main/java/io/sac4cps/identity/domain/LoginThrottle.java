package io.sac4cps.identity.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How failed logins slow down guessing without letting anyone lock an owner out (decision 0020).
 * Attempts are counted per email <em>and client address</em>: after {@code freeAttempts} in a row
 * that address waits {@code firstDelay}, doubling with each further attempt up to {@code maxDelay};
 * a success from it forgets its count. Attempts from addresses that never logged in to the email
 * are also counted for the email as a whole, with {@code accountFreeAttempts}: that limits a
 * guesser spread over many addresses, while an address the owner logged in from within {@code
 * knownFor} is never held by it. Counts are forgotten {@code memory} after their first failure.
 * Pure arithmetic; the counts live in the database so every instance shares them.
 */
public record LoginThrottle(
    int freeAttempts,
    int accountFreeAttempts,
    Duration firstDelay,
    Duration maxDelay,
    Duration memory,
    Duration knownFor) {

  public static final LoginThrottle DEFAULT =
      new LoginThrottle(
          5,
          20,
          Duration.ofSeconds(30),
          Duration.ofMinutes(15),
          Duration.ofHours(24),
          Duration.ofDays(90));

  public LoginThrottle {
    if (freeAttempts < 1
        || accountFreeAttempts < 1
        || firstDelay.isNegative()
        || maxDelay.compareTo(firstDelay) < 0
        || !memory.isPositive()
        || knownFor.isNegative()) {
      throw new IllegalArgumentException("invalid login throttle");
    }
  }

  /** One counter of attempts that were not followed by a success. */
  public record Count(int attempts, Instant firstAt, Instant lockedUntil) {}

  /** What an attempt against {@code count} gets: refused until a time, or counted. */
  public sealed interface Decision {}

  /** Refused, password unchecked, until {@code until}. */
  public record Refused(Instant until) implements Decision {}

  /** The attempt goes ahead; {@code count} is the counter with it included. */
  public record Counted(Count count) implements Decision {}

  /**
   * The attempt's fate with {@code free} attempts before the first delay ({@link #freeAttempts} for
   * an address, {@link #accountFreeAttempts} for the email).
   *
   * @param count the counter as stored, or null when there is none
   */
  public Decision attempt(Count count, int free, Instant now) {
    if (count != null && count.lockedUntil() != null && count.lockedUntil().isAfter(now)) {
      return new Refused(count.lockedUntil());
    }
    boolean fresh = count == null || !count.firstAt().plus(memory).isAfter(now);
    int attempts = fresh ? 1 : count.attempts() + 1;
    Instant first = fresh ? now : count.firstAt();
    Instant lockedUntil = delay(attempts, free).map(now::plus).orElse(null);
    return new Counted(new Count(attempts, first, lockedUntil));
  }

  /**
   * How long the next attempt waits after the {@code attempts}-th: nothing before {@code free},
   * then {@link #firstDelay} doubling per attempt, at most {@link #maxDelay}.
   */
  public Optional<Duration> delay(int attempts, int free) {
    if (attempts < free) {
      return Optional.empty();
    }
    int doublings = Math.min(attempts - free, 30);
    Duration delay = firstDelay.multipliedBy(1L << doublings);
    return Optional.of(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
  }
}
