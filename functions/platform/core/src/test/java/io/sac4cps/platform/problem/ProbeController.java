package io.sac4cps.platform.problem;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.platform.jdbc.StoreException;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** A function-shaped controller that exercises the platform's error and security mechanics. */
@Controller("/probes")
public class ProbeController {

  @Serdeable
  public record Probe(@NotBlank String name, @Min(1) @Max(10) int size, List<Integer> values) {}

  @Serdeable
  public record Created(String name, String tenantId) {}

  @Post
  @Secured({Roles.ADMIN, Roles.OPERATOR})
  public Created create(Caller caller, @Valid @Body Probe probe) {
    return new Created(probe.name(), caller.tenantId());
  }

  /** Fails the way a function can fail unexpectedly: a SQL error, a bug, a rate limit. */
  @Get("/failures/{kind}")
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public Created fail(@PathVariable String kind) {
    throw switch (kind) {
      case "sql" ->
          new StoreException(
              "SELECT secret_column FROM internal_table",
              new SQLException("relation \"internal_table\" does not exist", "42P01"));
      case "throttled" -> ProblemException.tooManyRequests("Slow down.", Duration.ofSeconds(42));
      default -> new IllegalStateException("internal invariant broken at io.sac4cps.Secret");
    };
  }

  @Get("/{id}")
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public Created get(Caller caller, @PathVariable String id) {
    throw ProblemException.notFound("Probe", id);
  }
}
