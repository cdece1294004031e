package io.sac4cps.infra.plan;

import java.util.Objects;

/**
 * One deployable operation of contracts/openapi.yaml: API Gateway sends {@code method path} to
 * {@code function}; {@code secured} routes go through the Lambda authorizer first.
 */
public record HttpRoute(
    String method,
    String path,
    String operationId,
    String function,
    boolean secured,
    Throttle throttle) {

  public HttpRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(operationId, "operationId");
    Objects.requireNonNull(function, "function of " + operationId);
    Objects.requireNonNull(throttle, "throttle of " + operationId);
    method = method.toUpperCase(java.util.Locale.ROOT);
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(operationId + ": path must start with '/': " + path);
    }
  }
}
