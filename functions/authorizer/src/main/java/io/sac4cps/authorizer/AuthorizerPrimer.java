package io.sac4cps.authorizer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sac4cps.platform.snapshot.Primer;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The authorizer before the SnapStart snapshot (decision 0022): its handler class decides an allow,
 * a deny, a refusal and a WebSocket {@code $connect}, with the route table the function uses, but
 * over a verifier of a key made for priming and dropped afterwards, so no token it trusts is made
 * and the function's own verifier keeps only identity's keys. The priming handler logs nowhere.
 */
final class AuthorizerPrimer implements Primer {
  private static final String ARN = "arn:aws:execute-api:us-east-1:000000000000:priming/priming/";

  private final RouteRoles routes;
  private final String issuer;
  private final String audience;

  AuthorizerPrimer(RouteRoles routes, String issuer, String audience) {
    this.routes = routes;
    this.issuer = issuer;
    this.audience = audience;
  }

  @Override
  public void prime() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("priming-" + UUID.randomUUID()).generate();
    TokenAuthorizerHandler handler =
        new TokenAuthorizerHandler(
            new TokenVerifier(
                new JWKSet(key.toPublicJWK()).toString(), issuer, audience, Clock.systemUTC()),
            routes);
    String viewer = token(key, "viewer");
    expect(
        "Allow", handler.handleRequest(rest("GET", "/sensors/{id}", "/sensors/p", viewer), null));
    expect("Deny", handler.handleRequest(rest("POST", "/sensors", "/sensors", viewer), null));
    try {
      handler.handleRequest(rest("GET", "/rooms", "/rooms", "not-a-token"), null);
      throw new IllegalStateException("priming: a malformed token was not refused");
    } catch (TokenAuthorizerHandler.UnauthorizedException expected) {
      // the refusal path, as API Gateway's 401
    }
    APIGatewayCustomAuthorizerEvent connect = new APIGatewayCustomAuthorizerEvent();
    connect.setType("REQUEST");
    connect.setMethodArn(ARN + "$connect");
    connect.setQueryStringParameters(Map.of("token", viewer));
    expect("Allow", handler.handleRequest(connect, null));
  }

  /** Priming that took another path than meant fails loudly (the hooks report it). */
  private static void expect(String effect, IamPolicyResponseV1 policy) {
    Object statements = policy.getPolicyDocument().get("Statement");
    Object actual =
        statements instanceof Map<?, ?>[] list && list.length == 1 ? list[0].get("Effect") : null;
    if (!effect.equals(actual)) {
      throw new IllegalStateException(
          "priming expected " + effect + ", the handler said " + actual);
    }
  }

  private APIGatewayCustomAuthorizerEvent rest(
      String method, String resource, String path, String token) {
    return AuthorizerEvents.request(ARN, method, resource, path, AuthorizerEvents.bearer(token));
  }

  private String token(RSAKey key, String role) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("priming")
                .expirationTime(new Date(System.currentTimeMillis() + 60_000))
                .claim("tenant", "priming")
                .claim("roles", List.of(role))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
