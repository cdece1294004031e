package io.sac4cps.contracts.api;

import java.util.Map;

/** A concrete request resolved to its operation, with the path parameters it carried. */
public record RouteMatch(Operation operation, Map<String, String> pathParameters) {

  public RouteMatch {
    pathParameters = Map.copyOf(pathParameters);
  }
}
