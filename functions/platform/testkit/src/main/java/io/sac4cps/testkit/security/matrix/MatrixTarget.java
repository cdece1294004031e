package io.sac4cps.testkit.security.matrix;

import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.ApiResponse;

/** The function under test, as the security matrix calls it. */
@FunctionalInterface
public interface MatrixTarget {

  MatrixResponse send(MatrixRequest request);

  /**
   * A function's real Lambda handler fed API Gateway REST proxy events, as behind API Gateway but
   * without the authorizer: the matrix tests the function's own checks. The requests are not held
   * to the contract (wrong callers, no token say, are what the matrix is made of); every answer,
   * refusals included, must be one the contract documents.
   */
  static MatrixTarget of(ApiFunction function) {
    ApiFunction unchecked = function.answersOnly();
    return request -> {
      ApiGatewayEvents.Request event =
          ApiGatewayEvents.request(request.method(), request.resource());
      request.pathParameters().forEach(event::pathParameter);
      request.queryParameters().forEach(event::query);
      if (request.token() != null) {
        event.bearer(request.token());
      }
      if (request.body() != null) {
        event.json(request.body());
      }
      ApiResponse response = unchecked.send(event);
      return new MatrixResponse(response.status(), response.body());
    };
  }
}
