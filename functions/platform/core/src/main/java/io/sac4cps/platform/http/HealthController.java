package io.sac4cps.platform.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.platform.resilience.Breaker;
import io.sac4cps.platform.resilience.CircuitBreakers;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /health}: public, cheap, on every function. 503 DOWN, naming the dependency, while one
 * the function needs to serve (its database) does not answer. Otherwise 200: DEGRADED while one of
 * the function's circuit breakers is not closed (the function serves, but the work for that
 * dependency waits in its fallback: the outbox, a deferred delivery, a redelivered batch), UP once
 * every breaker is closed again. Reading a breaker's state calls nothing.
 */
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
public class HealthController {
  private final List<DependencyCheck> dependencies;
  private final CircuitBreakers breakers;

  public HealthController(List<DependencyCheck> dependencies, CircuitBreakers breakers) {
    this.dependencies = dependencies;
    this.breakers = breakers;
  }

  /**
   * @param checks each dependency the function serves with, UP or DOWN
   * @param breakers each circuit breaker the function has used, by dependency: CLOSED, OPEN or
   *     HALF_OPEN
   */
  @Serdeable
  public record Health(String status, Map<String, String> checks, Map<String, String> breakers) {}

  @Get
  public HttpResponse<Health> health() {
    Map<String, String> checks = new TreeMap<>();
    boolean up = true;
    for (DependencyCheck dependency : dependencies) {
      boolean ok = dependency.isUp();
      up &= ok;
      checks.put(dependency.name(), ok ? "UP" : "DOWN");
    }
    Map<String, String> states = new TreeMap<>();
    boolean degraded = false;
    for (Breaker breaker : breakers.all()) {
      states.put(breaker.dependency(), breaker.state().name());
      degraded |= breaker.state() != Breaker.State.CLOSED;
    }
    Health health = new Health(!up ? "DOWN" : degraded ? "DEGRADED" : "UP", checks, states);
    return up
        ? HttpResponse.ok(health)
        : HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(health);
  }
}
