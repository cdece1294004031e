package io.sac4cps.localstack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.embedded.LocalWebSocketApi;
import io.sac4cps.localstack.gateway.AuthorizerFunction;
import io.sac4cps.localstack.gateway.HttpIntegration;
import io.sac4cps.localstack.gateway.IamPolicy;
import io.sac4cps.localstack.runtime.LambdaFunction;
import io.sac4cps.localstack.runtime.LocalAws;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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

  /** The WebSocket handler of the function that serves the WebSocket API, if it runs. */
  static Optional<LocalWebSocketApi.Integration> webSocket(Wiring wiring, FunctionFleet fleet) {
    return wiring
        .webSocketFunction()
        .flatMap(
            definition ->
                fleet
                    .running(definition.name())
                    .map(
                        function -> {
                          String handler = definition.webSocketHandler().orElseThrow();
                          Duration timeout = Duration.ofSeconds(definition.timeoutSeconds());
                          return event ->
                              LambdaFunction.convert(
                                  function.invoke(handler, event, timeout),
                                  APIGatewayV2WebSocketResponse.class);
                        }));
  }

  /**
   * {@code $connect}'s authorizer: the same authorizer jar, given the handshake's headers and query
   * as API Gateway gives them (decision 0017); its Allow for the {@code $connect} route ARN admits
   * the connection with its {@code context}. Nothing of the request is logged.
   */
  static LocalWebSocketApi.Authorizer webSocketAuthorizer(
      Wiring wiring, FunctionFleet fleet, String stage) {
    AuthorizerFunction authorizer = authorizer(wiring, fleet);
    String routeArn =
        "arn:aws:execute-api:"
            + LocalAws.REGION
            + ":"
            + LocalAws.ACCOUNT_ID
            + ":"
            + LocalAws.API_ID
            + "/"
            + stage
            + "/$connect";
    return (headers, query, connectionId) -> {
      Map<String, Object> result;
      try {
        result =
            authorizer.authorize(
                APIGatewayCustomAuthorizerEvent.builder()
                    .withType("REQUEST")
                    .withMethodArn(routeArn)
                    .withHeaders(new LinkedHashMap<>(headers))
                    .withQueryStringParameters(query.isEmpty() ? null : new LinkedHashMap<>(query))
                    .withStageVariables(Map.of())
                    .build());
      } catch (RuntimeException e) {
        return Optional.empty();
      }
      if (result == null || !IamPolicy.allows(result.get("policyDocument"), routeArn)) {
        return Optional.empty();
      }
      Map<String, Object> context = new LinkedHashMap<>();
      if (result.get("context") instanceof Map<?, ?> values) {
        values.forEach((key, value) -> context.put(String.valueOf(key), value));
      }
      if (result.get("principalId") != null) {
        context.put("principalId", result.get("principalId").toString());
      }
      return Optional.of(context);
    };
  }
}
