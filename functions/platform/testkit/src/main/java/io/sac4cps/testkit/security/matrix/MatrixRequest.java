package io.sac4cps.testkit.security.matrix;

import java.util.Map;

/**
 * One request of the security matrix.
 *
 * @param method HTTP method of the operation
 * @param resource the operation's path template, e.g. {@code /rooms/{id}}
 * @param pathParameters values for the template's parameters
 * @param token the bearer token, or null for none
 * @param body a JSON body from the fixture, or null
 */
public record MatrixRequest(
    String method, String resource, Map<String, String> pathParameters, String token, String body) {

  public MatrixRequest {
    pathParameters = Map.copyOf(pathParameters);
  }
}
