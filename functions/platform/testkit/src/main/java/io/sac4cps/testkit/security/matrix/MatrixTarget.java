package io.sac4cps.testkit.security.matrix;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;

/** The function under test, as the security matrix calls it. */
@FunctionalInterface
public interface MatrixTarget {

  MatrixResponse send(MatrixRequest request);

  /**
   * A function's real Lambda handler (e.g. {@code ApiGatewayProxyRequestEventFunction}) fed API
   * Gateway REST proxy events, as behind API Gateway but without the authorizer: the matrix tests
   * the function's own checks.
   */
  static MatrixTarget proxyHandler(
      RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
      String functionName) {
    LocalLambdaContext context = LocalLambdaContext.of(functionName);
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
      APIGatewayProxyResponseEvent response = handler.handleRequest(event.build(), context);
      return new MatrixResponse(response.getStatusCode(), response.getBody());
    };
  }
}
