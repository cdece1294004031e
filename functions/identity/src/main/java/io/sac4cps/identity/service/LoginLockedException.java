package io.sac4cps.identity.service;

import io.micronaut.http.HttpStatus;
import io.sac4cps.platform.problem.ProblemException;
import java.time.Duration;

/** Too many failed logins for one email: refused for {@code retryAfter}, password unchecked. */
public class LoginLockedException extends ProblemException {
  private final Duration retryAfter;

  public LoginLockedException(Duration retryAfter) {
    super(HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins. Try again later.");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
