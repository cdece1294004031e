package io.sac4cps.authorizer;

import static io.sac4cps.authorizer.PolicyDocuments.effect;
import static io.sac4cps.authorizer.PolicyDocuments.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sac4cps.testkit.security.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The authorizer on API Gateway WebSocket {@code $connect} events (fixtures under {@code
 * src/test/resources/events/}, shaped as API Gateway sends them; {@code ${token}} is filled in).
 */
class WebSocketConnectAuthorizationTest {
  private static final String CONNECT_ARN =
      "arn:aws:execute-api:eu-west-1:123456789012:wsapi12345/prod/$connect";

  /** As the Lambda runtime reads events: fields it has no property for are dropped. */
  private static final ObjectMapper EVENTS =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final TokenAuthorizerHandler handler =
      new TokenAuthorizerHandler(
          new TokenVerifier(
              TestTokens.jwks(), TestTokens.ISSUER, TestTokens.AUDIENCE, Clock.systemUTC()),
          RouteRoles.parse("GET\t/sensors/{id}\tadmin,operator,viewer\n"));
  private final List<String> logged = new ArrayList<>();
  private final Context context = loggingTo(logged);

  @ParameterizedTest
  @ValueSource(strings = {"websocket-connect-subprotocol.json", "websocket-connect-query.json"})
  void aValidTokenConnectsWithTheConnectRouteAllowedAndTheCallerInTheContext(String fixture) {
    String token = TestTokens.token("user-1", "tenant-a", "viewer", "operator");

    IamPolicyResponseV1 policy = handler.handleRequest(event(fixture, token), context);

    assertThat(effect(policy)).isEqualTo("Allow");
    assertThat(resource(policy)).isEqualTo(CONNECT_ARN);
    assertThat(policy.getPrincipalId()).isEqualTo("user-1");
    assertThat(policy.getContext())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("tenantId", "tenant-a", "roles", "viewer,operator", "sub", "user-1"));
  }

  static Stream<Arguments> refusedTokens() {
    List<Arguments> cases = new ArrayList<>();
    Map<String, String> tokens =
        Map.of(
            "expired",
                TestTokens.builder().roles("admin").expiresAt(Instant.now().minusSeconds(5)).sign(),
            "signed by another key",
                TestTokens.builder().roles("admin").signedWith(TestTokens.foreignKey()).sign(),
            "for another audience", TestTokens.builder().roles("admin").audience("other").sign(),
            "not a JWT", "not-a-jwt");
    for (String fixture :
        List.of("websocket-connect-subprotocol.json", "websocket-connect-query.json")) {
      tokens.forEach((why, token) -> cases.add(Arguments.of(fixture, why, token)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("refusedTokens")
  void anInvalidOrExpiredTokenIsUnauthorizedAndNotLogged(String fixture, String why, String token) {
    assertUnauthorized(event(fixture, token));

    assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(token));
  }

  @Test
  void aValidTokenIsNotLoggedEither() {
    String token = TestTokens.token("user-1", "tenant-a", "viewer");
    handler.handleRequest(event("websocket-connect-subprotocol.json", token), context);
    handler.handleRequest(event("websocket-connect-query.json", token), context);

    assertThat(logged).noneMatch(line -> line.contains(token));
  }

  @Test
  void withoutATokenInEitherPlaceTheConnectionIsUnauthorized() {
    APIGatewayCustomAuthorizerEvent noToken = event("websocket-connect-query.json", "x");
    noToken.setQueryStringParameters(null);
    assertUnauthorized(noToken);

    APIGatewayCustomAuthorizerEvent otherSubprotocol = event("websocket-connect-query.json", "x");
    otherSubprotocol.setQueryStringParameters(null);
    otherSubprotocol.setHeaders(withHeader(otherSubprotocol, "Sec-WebSocket-Protocol", "chat"));
    assertUnauthorized(otherSubprotocol);

    APIGatewayCustomAuthorizerEvent bearerAlone = event("websocket-connect-subprotocol.json", "x");
    bearerAlone.setHeaders(withHeader(bearerAlone, "Sec-WebSocket-Protocol", "bearer"));
    assertUnauthorized(bearerAlone);
  }

  @Test
  void theSubprotocolTokenIsReadWhateverTheHeadersCaseAndTheOrderOfOtherSubprotocols() {
    String token = TestTokens.token("user-1", "tenant-a", "admin");
    APIGatewayCustomAuthorizerEvent event = event("websocket-connect-query.json", "not-a-jwt");
    event.setHeaders(withHeader(event, "sec-websocket-protocol", "chat.v1, Bearer, " + token));

    // The subprotocol's token wins over the query's (here an invalid one).
    assertThat(effect(handler.handleRequest(event, context))).isEqualTo("Allow");
  }

  @Test
  void aRestRequestStillNeedsItsAuthorizationHeaderAndIgnoresATokenQueryParameter() {
    String token = TestTokens.token("user-1", "tenant-a", "viewer");
    APIGatewayCustomAuthorizerEvent rest =
        AuthorizerEvents.request(
            "arn:aws:execute-api:eu-west-1:123456789012:restapi123/prod/",
            "GET",
            "/sensors/{id}",
            "/sensors/s1",
            Map.of("Sec-WebSocket-Protocol", "bearer, " + token));
    rest.setQueryStringParameters(Map.of("token", token));
    assertUnauthorized(rest);

    rest.setHeaders(Map.of("Authorization", "Bearer " + token));
    IamPolicyResponseV1 policy = handler.handleRequest(rest, context);
    assertThat(effect(policy)).isEqualTo("Allow");
    assertThat(resource(policy))
        .isEqualTo("arn:aws:execute-api:eu-west-1:123456789012:restapi123/prod/GET/sensors/*");
  }

  private void assertUnauthorized(APIGatewayCustomAuthorizerEvent event) {
    assertThatThrownBy(() -> handler.handleRequest(event, context))
        .isInstanceOf(TokenAuthorizerHandler.UnauthorizedException.class)
        .hasMessage("Unauthorized");
  }

  private static APIGatewayCustomAuthorizerEvent event(String fixture, String token) {
    try (InputStream in =
        WebSocketConnectAuthorizationTest.class.getResourceAsStream("/events/" + fixture)) {
      if (in == null) {
        throw new IllegalStateException("no fixture events/" + fixture);
      }
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return EVENTS.readValue(
          json.replace("${token}", token), APIGatewayCustomAuthorizerEvent.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> withHeader(
      APIGatewayCustomAuthorizerEvent event, String name, String value) {
    Map<String, String> headers = new HashMap<>(event.getHeaders());
    headers.keySet().removeIf(header -> header.equalsIgnoreCase(name));
    headers.put(name, value);
    return headers;
  }

  /** A Lambda context whose logger records what the handler logs. */
  private static Context loggingTo(List<String> lines) {
    LambdaLogger logger =
        new LambdaLogger() {
          @Override
          public void log(String message) {
            lines.add(message);
          }

          @Override
          public void log(byte[] message) {
            lines.add(new String(message, StandardCharsets.UTF_8));
          }
        };
    return (Context)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) -> method.getName().equals("getLogger") ? logger : null);
  }
}
