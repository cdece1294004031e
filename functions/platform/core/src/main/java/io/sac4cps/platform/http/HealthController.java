package io.sac4cps.platform.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.platform.health.DependencyHealth;
import io.sac4cps.platform.resilience.Breaker;
import io.sac4cps.platform.resilience.CircuitBreakers;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /health}: public, on every function, bounded by the probes' timeout and mostly served
 * from their cache (decision 0073). 503 DOWN, naming the dependency, while one the function needs
 * to serve (its database) does not answer. Otherwise 200: DEGRADED while one of the function's
 * circuit breakers is not closed or a dependency is not UP (the function serves, but the work for
 * that dependency waits in its fallback: the outbox, a deferred delivery, a redelivered batch), UP
 * once every breaker is closed and every dependency answers in time.
 */
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
public class HealthController {
  private final DependencyHealth dependencies;
  private final CircuitBreakers breakers;

  public HealthController(DependencyHealth dependencies, CircuitBreakers breakers) {
    this.dependencies = dependencies;
    this.breakers = breakers;
  }

  /**
   * @param checks each dependency the function serves with, UP or DOWN
   * @param breakers each circuit breaker the function has used, by dependency: CLOSED, OPEN or
   *     HALF_OPEN
   * @param dependencies each probed dependency: UP, DEGRADED or DOWN, its probe's latency and time
   */
  @Serdeable
  public record Health(
      String status,
      Map<String, String> checks,
      Map<String, String> breakers,
      Map<String, DependencyHealth.Report> dependencies) {}

  @Get
  public HttpResponse<Health> health() {
    Map<String, DependencyHealth.Report> reports = dependencies.reports();
    Map<String, String> checks = new TreeMap<>();
    boolean up = true;
    boolean degraded = false;
    for (var report : reports.entrySet()) {
      boolean down = report.getValue().status().equals("DOWN");
      if (dependencies.isEssential(report.getKey())) {
        up &= !down;
        checks.put(report.getKey(), down ? "DOWN" : "UP");
      } else {
        degraded |= !report.getValue().status().equals("UP");
      }
    }
    Map<String, String> states = new TreeMap<>();
    for (Breaker breaker : breakers.all()) {
      states.put(breaker.dependency(), breaker.state().name());
      degraded |= breaker.state() != Breaker.State.CLOSED;
    }
    Health health =
        new Health(!up ? "DOWN" : degraded ? "DEGRADED" : "UP", checks, states, reports);
    return up
        ? HttpResponse.ok(health)
        : HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(health);
  }
}
