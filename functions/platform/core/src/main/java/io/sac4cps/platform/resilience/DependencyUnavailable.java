package io.sac4cps.platform.resilience;

import java.time.Duration;

/**
 * A call refused by an open {@link Breaker}: the dependency was not called. Transient by nature
 * (the consumers retry it like a timeout: decision 0059), so the work that needed the call is
 * redelivered or retried, never dropped.
 */
public final class DependencyUnavailable extends RuntimeException {
  private final String dependency;

  public DependencyUnavailable(String dependency, Duration openFor) {
    super(
        dependency + " is unavailable: its circuit breaker is open (for up to " + openFor + ")",
        null,
        false,
        false);
    this.dependency = dependency;
  }

  public String dependency() {
    return dependency;
  }
}
