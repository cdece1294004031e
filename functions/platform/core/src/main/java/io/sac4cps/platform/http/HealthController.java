package io.sac4cps.platform.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /health}: public, cheap, on every function. UP only while every dependency the
 * function needs to serve answers (its database); otherwise 503 DOWN, naming the one that does not.
 */
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
public class HealthController {
  private final List<DependencyCheck> dependencies;

  public HealthController(List<DependencyCheck> dependencies) {
    this.dependencies = dependencies;
  }

  @Serdeable
  public record Health(String status, Map<String, String> checks) {}

  @Get
  public HttpResponse<Health> health() {
    Map<String, String> checks = new TreeMap<>();
    boolean up = true;
    for (DependencyCheck dependency : dependencies) {
      boolean ok = dependency.isUp();
      up &= ok;
      checks.put(dependency.name(), ok ? "UP" : "DOWN");
    }
    Health health = new Health(up ? "UP" : "DOWN", checks);
    return up
        ? HttpResponse.ok(health)
        : HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(health);
  }
}
