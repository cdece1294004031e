package io.sac4cps.localstack.security;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import io.sac4cps.localstack.gateway.AuthorizerFunction;
import java.text.ParseException;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The REQUEST authorizer used while {@code functions/authorizer} is not built: the same decision
 * the CDK app's authorizer makes (RS256 token of the trusted issuer and audience, else 401; roles
 * outside the route's {@code x-roles}, an explicit Deny, else Allow with {@code tenantId}, {@code
 * roles} and {@code sub} in the context).
 */
public final class LocalTokenAuthorizer implements AuthorizerFunction {
  private final Map<String, RSASSAVerifier> verifiers = new HashMap<>();
  private final Map<String, Operation> operationsById = new HashMap<>();

  public LocalTokenAuthorizer(String jwks, ApiContract contract) {
    try {
      for (JWK key : JWKSet.parse(jwks).getKeys()) {
        if (key instanceof RSAKey rsa) {
          verifiers.put(String.valueOf(rsa.getKeyID()), new RSASSAVerifier(rsa.toRSAPublicKey()));
        }
      }
    } catch (ParseException | JOSEException e) {
      throw new IllegalArgumentException("not a JWKS with RSA keys: " + e.getMessage(), e);
    }
    contract.activeOperations().forEach(o -> operationsById.put(o.operationId(), o));
  }

  @Override
  public Map<String, Object> authorize(APIGatewayCustomAuthorizerEvent event) {
    JWTClaimsSet claims = verify(event.getIdentitySource());
    List<String> roles;
    try {
      roles = claims.getStringListClaim("roles");
    } catch (ParseException e) {
      throw new IllegalStateException("Unauthorized");
    }
    Operation operation = operationsById.get(event.getRequestContext().getResourceId());
    boolean allowed =
        operation != null && roles != null && roles.stream().anyMatch(operation::allows);
    Object tenant = claims.getClaim("tenant");
    return Map.of(
        "principalId",
        claims.getSubject(),
        "policyDocument",
        Map.of(
            "Version",
            "2012-10-17",
            "Statement",
            List.of(
                Map.of(
                    "Action",
                    "execute-api:Invoke",
                    "Effect",
                    allowed ? "Allow" : "Deny",
                    "Resource",
                    routeArn(event)))),
        "context",
        Map.of(
            "tenantId",
            tenant == null ? "" : tenant.toString(),
            "roles",
            roles == null ? "" : String.join(",", roles),
            "sub",
            claims.getSubject()));
  }

  /** The claims of a valid token; fails with {@code Unauthorized} (a 401) otherwise. */
  private JWTClaimsSet verify(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new IllegalStateException("Unauthorized");
    }
    try {
      SignedJWT jwt = SignedJWT.parse(authorization.substring(7).trim());
      RSASSAVerifier verifier = verifiers.get(String.valueOf(jwt.getHeader().getKeyID()));
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
          || verifier == null
          || !jwt.verify(verifier)) {
        throw new IllegalStateException("Unauthorized");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date expires = claims.getExpirationTime();
      if (!LocalSigningKey.ISSUER.equals(claims.getIssuer())
          || claims.getAudience() == null
          || !claims.getAudience().contains(LocalSigningKey.AUDIENCE)
          || expires == null
          || expires.before(new Date())) {
        throw new IllegalStateException("Unauthorized");
      }
      return claims;
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("Unauthorized", e);
    }
  }

  /**
   * Like the real authorizer: the policy covers the whole route ({@code .../GET/rooms/*}), because
   * the gateway reuses a cached decision for the same route with other path parameters.
   */
  private static String routeArn(APIGatewayCustomAuthorizerEvent event) {
    String methodArn = event.getMethodArn();
    if (methodArn == null || event.getResource() == null) {
      return methodArn;
    }
    int slash = methodArn.indexOf('/');
    int methodEnd = slash < 0 ? -1 : methodArn.indexOf('/', methodArn.indexOf('/', slash + 1) + 1);
    return methodEnd < 0
        ? methodArn
        : methodArn.substring(0, methodEnd) + event.getResource().replaceAll("\\{[^/}]+\\}", "*");
  }
}
