package io.sac4cps.localstack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.localstack.gateway.AuthorizerFunction;
import io.sac4cps.localstack.gateway.HttpIntegration;
import io.sac4cps.localstack.runtime.LambdaFunction;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** What the local API Gateway calls: each running function's handler and the authorizer jar. */
final class GatewayIntegrations {
  @SuppressWarnings("unchecked")
  private static final Class<Map<String, Object>> AUTHORIZER_RESULT =
      (Class<Map<String, Object>>) (Class<?>) Map.class;

  private GatewayIntegrations() {}

  /** One Lambda proxy integration per running function, with API Gateway's 29 s limit. */
  static Map<String, HttpIntegration> http(Wiring wiring, FunctionFleet fleet) {
    Map<String, HttpIntegration> integrations = new HashMap<>();
    for (FunctionDefinition definition : wiring.activeFunctions()) {
      fleet
          .running(definition.name())
          .ifPresent(
              function -> {
                Duration timeout = Duration.ofSeconds(Math.min(29, definition.timeoutSeconds()));
                integrations.put(
                    definition.name(),
                    event ->
                        LambdaFunction.convert(
                            function.invoke(definition.handler(), event, timeout),
                            APIGatewayProxyResponseEvent.class));
              });
    }
    return integrations;
  }

  /**
   * The REQUEST authorizer in front of secured routes: the {@code functions/authorizer} jar; when
   * it did not start, every secured request is a 500, as in AWS.
   */
  static AuthorizerFunction authorizer(Wiring wiring, FunctionFleet fleet) {
    FunctionDefinition definition = wiring.function(fleet.authorizer()).orElseThrow();
    Duration timeout = Duration.ofSeconds(definition.timeoutSeconds());
    return event -> {
      LambdaFunction function =
          fleet
              .running(fleet.authorizer())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "authorizer did not start: " + fleet.failures().get(fleet.authorizer())));
      return LambdaFunction.convert(
          function.invoke(definition.handler(), event, timeout), AUTHORIZER_RESULT);
    };
  }
}
