package io.sac4cps.localstack.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import java.util.Map;

/**
 * The Lambda REQUEST authorizer. Returns its result as JSON would carry it ({@code principalId},
 * {@code policyDocument}, {@code context}); throws an exception whose message, or whose cause's
 * message, is {@code Unauthorized} to make the gateway answer 401, as Lambda authorizers do.
 */
@FunctionalInterface
public interface AuthorizerFunction {
  Map<String, Object> authorize(APIGatewayCustomAuthorizerEvent event);
}
