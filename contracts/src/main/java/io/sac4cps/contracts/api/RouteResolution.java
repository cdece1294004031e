package io.sac4cps.contracts.api;

import java.util.Set;

/**
 * How a gateway answers a method and path: the matched operation, 405 (the path exists with other
 * methods) or 404 (no such path).
 */
public sealed interface RouteResolution {

  /** The route exists: hand the request to {@code match.operation().function()}. */
  record Matched(RouteMatch match) implements RouteResolution {}

  /** 405: the path template exists but not for this method; {@code allowed} fills {@code Allow}. */
  record MethodNotAllowed(String pathTemplate, Set<String> allowed) implements RouteResolution {
    public MethodNotAllowed {
      allowed = Set.copyOf(allowed);
    }
  }

  /** 404: no path template matches. */
  record NotFound() implements RouteResolution {}
}
