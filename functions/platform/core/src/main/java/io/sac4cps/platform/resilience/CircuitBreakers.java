package io.sac4cps.platform.resilience;

import io.micronaut.context.env.Environment;
import io.sac4cps.platform.telemetry.Metrics;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The function's {@link Breaker}s, one per dependency name ({@code kafka}, {@code sns}, {@code
 * smtp}, …), shared by every caller of that dependency. The caller states the defaults that suit
 * its calls; {@code sac4cps.breakers.<name>.window|minimum-calls|failure-rate|open-for} override
 * them per function (decision 0063).
 */
@Singleton
public class CircuitBreakers {
  private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();
  private final Environment environment;
  private final Clock clock;
  private final Metrics metrics;

  @Inject
  public CircuitBreakers(Environment environment, Clock clock, Metrics metrics) {
    this.environment = environment;
    this.clock = clock;
    this.metrics = metrics;
  }

  private CircuitBreakers(Clock clock) {
    this(null, clock, new Metrics("function", clock, line -> {}));
  }

  /** Breakers with the callers' defaults only and no metrics, for code built by hand (tests). */
  public static CircuitBreakers unconfigured(Clock clock) {
    return new CircuitBreakers(clock);
  }

  /** The breaker of {@code dependency}, created with {@code defaults} on first use. */
  public Breaker of(String dependency, Breaker.Settings defaults) {
    return breakers.computeIfAbsent(
        dependency, name -> new Breaker(name, configured(name, defaults), clock, metrics));
  }

  /** The breaker of {@code dependency}, if a caller created it. */
  public Optional<Breaker> find(String dependency) {
    return Optional.ofNullable(breakers.get(dependency));
  }

  /** Every breaker a caller created so far, by name ({@code GET /health} reports them). */
  public List<Breaker> all() {
    return breakers.values().stream().sorted(Comparator.comparing(Breaker::dependency)).toList();
  }

  private Breaker.Settings configured(String name, Breaker.Settings defaults) {
    if (environment == null) {
      return defaults;
    }
    String prefix = "sac4cps.breakers." + name + ".";
    return new Breaker.Settings(
        environment.getProperty(prefix + "window", Integer.class).orElse(defaults.window()),
        environment
            .getProperty(prefix + "minimum-calls", Integer.class)
            .orElse(defaults.minimumCalls()),
        environment
            .getProperty(prefix + "failure-rate", Float.class)
            .orElse(defaults.failureRate()),
        environment.getProperty(prefix + "open-for", Duration.class).orElse(defaults.openFor()));
  }
}
