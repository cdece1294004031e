package io.sac4cps.platform.config;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one clock every function reads time from (UTC). Domain and service code take it injected and
 * never call {@code Instant.now()}, so a test can replace this bean and control time.
 */
@Factory
public class ClockFactory {

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
