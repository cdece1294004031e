package io.sac4cps.platform.http;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

/** {@code GET /health}: public, cheap, on every function. */
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
public class HealthController {

  @Serdeable
  public record Health(String status) {}

  @Get
  public Health health() {
    return new Health("UP");
  }
}
