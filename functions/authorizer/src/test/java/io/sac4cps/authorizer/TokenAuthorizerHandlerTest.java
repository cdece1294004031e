package io.sac4cps.authorizer;

import static io.sac4cps.authorizer.PolicyDocuments.effect;
import static io.sac4cps.authorizer.PolicyDocuments.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sac4cps.testkit.security.TestTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenAuthorizerHandlerTest {
  private static final String ARN_PREFIX =
      "arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/";
  private static final RouteRoles ROUTES =
      RouteRoles.parse(
          """
          # test routes
          GET\t/rooms/{id}/metrics\tadmin,operator,viewer
          PUT\t/rooms/{id}/thresholds\tadmin,operator
          POST\t/sensors/data\tadmin,operator,device
          GET\t/sensors/{id}\tadmin,operator,viewer
          GET\t/sensors/{id}/data\tadmin,operator,viewer
          """);

  private final TokenAuthorizerHandler handler =
      new TokenAuthorizerHandler(
          new TokenVerifier(
              TestTokens.jwks(), TestTokens.ISSUER, TestTokens.AUDIENCE, Clock.systemUTC()),
          ROUTES);

  @Test
  void allowsAValidTokenWhoseRoleTheRouteAcceptsAndPassesTenantRolesAndSubject() {
    String token = TestTokens.token("user-1", "tenant-a", "operator", "viewer");

    IamPolicyResponseV1 policy =
        handler.handleRequest(
            request("PUT", "/rooms/{id}/thresholds", "/rooms/r1/thresholds", token), null);

    assertThat(effect(policy)).isEqualTo("Allow");
    // The route, not the one room: API Gateway reuses a cached decision for the other rooms too.
    assertThat(resource(policy)).isEqualTo(ARN_PREFIX + "PUT/rooms/*/thresholds");
    assertThat(policy.getPrincipalId()).isEqualTo("user-1");
    assertThat(policy.getContext())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("tenantId", "tenant-a", "roles", "operator,viewer", "sub", "user-1"));
  }

  @Test
  void deniesExplicitlyAValidTokenWithoutARoleOfTheRoute() {
    String token = TestTokens.token("device-1", "tenant-a", "device");

    IamPolicyResponseV1 policy =
        handler.handleRequest(
            request("GET", "/rooms/{id}/metrics", "/rooms/r1/metrics", token), null);

    assertThat(effect(policy)).isEqualTo("Deny");
    assertThat(resource(policy)).isEqualTo(ARN_PREFIX + "GET/rooms/*/metrics");
  }

  @Test
  void deniesARouteTheContractDoesNotList() {
    String token = TestTokens.token("user-1", "tenant-a", "admin");

    IamPolicyResponseV1 policy =
        handler.handleRequest(request("DELETE", "/rooms/{id}", "/rooms/r1", token), null);

    assertThat(effect(policy)).isEqualTo("Deny");
  }

  @Test
  void answersUnauthorizedWithoutABearerToken() {
    APIGatewayCustomAuthorizerEvent event = request("GET", "/sensors/{id}", "/sensors/s1", null);
    assertUnauthorized(event);

    event.setHeaders(Map.of("Authorization", "Basic dXNlcjpwYXNz"));
    assertUnauthorized(event);
  }

  @Test
  void answersUnauthorizedForExpiredForgedOrMisaddressedTokens() {
    List<String> rejected =
        List.of(
            TestTokens.builder().roles("admin").expiresAt(Instant.now().minusSeconds(5)).sign(),
            TestTokens.builder().roles("admin").signedWith(TestTokens.foreignKey()).sign(),
            TestTokens.builder().roles("admin").audience("another-api").sign(),
            TestTokens.builder().roles("admin").issuer("https://evil.example").sign(),
            TestTokens.builder().roles("admin").tenant(null).sign(),
            "not-a-jwt",
            hmacSigned());
    for (String token : rejected) {
      assertUnauthorized(request("GET", "/sensors/{id}", "/sensors/s1", token));
    }
  }

  @Test
  void aCachedAllowForOneRoomAlsoCoversTheNextRoomOfTheSameRoute() {
    String token = TestTokens.token("user-1", "tenant-a", "admin");
    IamPolicyResponseV1 first =
        handler.handleRequest(
            request("PUT", "/rooms/{id}/thresholds", "/rooms/r1/thresholds", token), null);

    String resource = resource(first);
    String nextRoom = ARN_PREFIX + "PUT/rooms/r2/thresholds";
    assertThat(nextRoom).matches(resource.replace("*", "[^/]+").replace("$", "\\$"));
    assertThat(ARN_PREFIX + "PUT/rooms/r2/metrics").doesNotMatch(resource.replace("*", "[^/]+"));
  }

  @Test
  void findsTheRouteFromTheMethodArnWhenTheEventNamesNoResource() {
    String token = TestTokens.token("gw-1", "tenant-a", "device");
    APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
    event.setType("TOKEN");
    event.setAuthorizationToken("Bearer " + token);

    event.setMethodArn(ARN_PREFIX + "POST/sensors/data");
    assertThat(effect(handler.handleRequest(event, null))).isEqualTo("Allow");

    // A literal segment wins over a parameter: /sensors/data is not /sensors/{id}.
    event.setMethodArn(ARN_PREFIX + "GET/sensors/data");
    assertThat(effect(handler.handleRequest(event, null))).isEqualTo("Deny");
  }

  @Test
  void readsTheAuthorizationHeaderWhateverItsCase() {
    APIGatewayCustomAuthorizerEvent event = request("GET", "/sensors/{id}", "/sensors/s1", null);
    event.setHeaders(Map.of("authorization", "bearer " + TestTokens.token("u", "t", "viewer")));

    assertThat(effect(handler.handleRequest(event, null))).isEqualTo("Allow");
  }

  @Test
  void takesItsConfigurationFromTheEnvironmentItIsGiven() {
    TokenAuthorizerHandler configured =
        new TokenAuthorizerHandler(
            Map.of(
                "SAC4CPS_SECURITY_JWKS", TestTokens.jwks(),
                "SAC4CPS_SECURITY_ISSUER", TestTokens.ISSUER,
                "SAC4CPS_SECURITY_AUDIENCE", TestTokens.AUDIENCE));
    String token = TestTokens.token("user-1", "tenant-a", "viewer");

    assertThat(
            effect(
                configured.handleRequest(
                    request("GET", "/sensors/{id}", "/sensors/s1", token), null)))
        .isEqualTo("Allow");
    assertThatThrownBy(() -> new TokenAuthorizerHandler(Map.of()))
        .hasMessageContaining("SAC4CPS_SECURITY_JWKS");
  }

  private void assertUnauthorized(APIGatewayCustomAuthorizerEvent event) {
    assertThatThrownBy(() -> handler.handleRequest(event, null))
        .isInstanceOf(RuntimeException.class)
        .hasMessage("Unauthorized");
  }

  private static APIGatewayCustomAuthorizerEvent request(
      String method, String resource, String path, String token) {
    return AuthorizerEvents.request(
        ARN_PREFIX, method, resource, path, AuthorizerEvents.bearer(token));
  }

  /** A token signed with HMAC: an RS256 verifier must never accept another algorithm. */
  private static String hmacSigned() {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader(JWSAlgorithm.HS256),
              new JWTClaimsSet.Builder()
                  .subject("x")
                  .issuer(TestTokens.ISSUER)
                  .audience(TestTokens.AUDIENCE)
                  .expirationTime(new Date(System.currentTimeMillis() + 60_000))
                  .claim("tenant", "t")
                  .claim("roles", List.of("admin"))
                  .build());
      jwt.sign(new MACSigner(new byte[32]));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
