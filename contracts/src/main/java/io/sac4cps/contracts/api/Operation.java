package io.sac4cps.contracts.api;

import java.util.List;

/**
 * One route of the REST API as declared in {@code contracts/openapi.yaml}.
 *
 * @param method upper-case HTTP method
 * @param path the path template, e.g. {@code /rooms/{id}/metrics}
 * @param function the owning function module ({@code x-function}); {@code gateway} for routes the
 *     gateway answers itself
 * @param roles roles allowed to call it ({@code x-roles}); empty for public routes
 * @param secured whether a bearer token is required (false when {@code security: []})
 * @param planned whether the owning module does not exist yet ({@code x-status: planned})
 */
public record Operation(
    String method,
    String path,
    String operationId,
    String function,
    List<String> roles,
    boolean secured,
    Throttle throttle,
    boolean planned) {

  /** The function name of routes served by the API gateway itself (local or AWS). */
  public static final String GATEWAY = "gateway";

  public Operation {
    roles = List.copyOf(roles);
  }

  public boolean allows(String role) {
    return roles.contains(role);
  }

  /** Names of the path parameters in template order, e.g. {@code [id]}. */
  public List<String> pathParameterNames() {
    return PathTemplate.parse(path).parameterNames();
  }
}
