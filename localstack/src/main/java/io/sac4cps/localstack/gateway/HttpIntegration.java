package io.sac4cps.localstack.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

/**
 * A Lambda proxy integration: the function behind a route. Throws when the function fails or times
 * out ({@link io.sac4cps.localstack.runtime.InvocationTimeoutException}).
 */
@FunctionalInterface
public interface HttpIntegration {
  APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event);
}
