package io.sac4cps.authorizer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import java.util.Map;

/**
 * REST API {@code REQUEST} authorizer events, as API Gateway sends them to the authorizer: the
 * primer's, and its tests'.
 */
final class AuthorizerEvents {
  private AuthorizerEvents() {}

  /**
   * @param arnPrefix the API stage's ARN up to the method, e.g. {@code arn:…:api/prod/}
   */
  static APIGatewayCustomAuthorizerEvent request(
      String arnPrefix, String method, String resource, String path, Map<String, String> headers) {
    APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
    event.setType("REQUEST");
    event.setHttpMethod(method);
    event.setResource(resource);
    event.setPath(path);
    event.setMethodArn(arnPrefix + method + path);
    event.setHeaders(headers);
    return event;
  }

  /** {@code Authorization: Bearer <token>}, or no header for a null token. */
  static Map<String, String> bearer(String token) {
    return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
  }
}
