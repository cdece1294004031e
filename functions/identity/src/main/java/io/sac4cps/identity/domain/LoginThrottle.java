package io.sac4cps.identity.domain;

import java.time.Duration;

/**
 * Per-account limit on failed logins: after {@code maxFailures} failures within {@code window}, the
 * account (the email as typed, whether or not an account has it) refuses logins for {@code
 * lockout}. Counted in the database, so the limit holds across every Lambda instance.
 */
public record LoginThrottle(int maxFailures, Duration window, Duration lockout) {
  public static final LoginThrottle DEFAULT =
      new LoginThrottle(5, Duration.ofMinutes(15), Duration.ofMinutes(15));

  public LoginThrottle {
    if (maxFailures < 1 || window.isNegative() || lockout.isNegative()) {
      throw new IllegalArgumentException("invalid login throttle");
    }
  }
}
