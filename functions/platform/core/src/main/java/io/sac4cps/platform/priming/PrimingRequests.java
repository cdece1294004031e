package io.sac4cps.platform.priming;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.sac4cps.platform.config.PlatformDefaults;
import io.sac4cps.platform.http.ApiRequestFunction;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.ConfiguredJwksSignature;
import io.sac4cps.platform.security.Roles;
import jakarta.inject.Singleton;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.crac.Context;
import org.crac.Resource;

/**
 * Sends API Gateway events through the function's real HTTP handler, the class Lambda invokes
 * ({@link ApiRequestFunction}, which contracts/wiring.yaml names for every HTTP function: its
 * header rules, then routing, filters, security, serde, validation, problem+json) for a {@link
 * io.sac4cps.platform.snapshot.Primer}. Requests carry a token of a tenant that exists nowhere
 * ({@code priming-<random>}), signed by a key made for this priming run and trusted only while it
 * runs ({@link ConfiguredJwksSignature#trusting}): reads find nothing; writes are requests the
 * function refuses, or run inside a {@link RolledBackTransaction}, so nothing is written. It
 * forgets its key before the snapshot.
 */
@Singleton
@Requires(classes = ApiGatewayProxyRequestEventFunction.class)
public class PrimingRequests implements Resource {
  private final ApplicationContext context;
  private final @Nullable ConfiguredJwksSignature trustedKeys;
  private final String issuer;
  private final String audience;
  private ApiRequestFunction handler;
  private RSAKey primingKey;
  private String tenant;

  PrimingRequests(
      ApplicationContext context,
      @Nullable ConfiguredJwksSignature trustedKeys,
      @Value("${" + PlatformDefaults.ISSUER + "}") String issuer,
      @Value("${" + PlatformDefaults.AUDIENCE + "}") String audience) {
    this.context = context;
    this.trustedKeys = trustedKeys;
    this.issuer = issuer;
    this.audience = audience;
  }

  /** What the handler answered. */
  public record Response(String request, int status, String body) {
    /** This response if its status is {@code expected}; otherwise priming took another path. */
    public Response expect(int expected) {
      if (status != expected) {
        throw new IllegalStateException(
            "priming " + request + " answered " + status + ", expected " + expected + ": " + body);
      }
      return this;
    }
  }

  /** {@code GET path} (query string allowed) as an admin of the priming tenant. */
  public Response get(String path) {
    return send("GET", path, null, token(Roles.ADMIN));
  }

  public Response post(String path, String json) {
    return send("POST", path, json, token(Roles.ADMIN));
  }

  public Response put(String path, String json) {
    return send("PUT", path, json, token(Roles.ADMIN));
  }

  /**
   * One request; {@code bearerToken} null sends none. A token not made by {@link #token} must be
   * one the function trusts already (identity primes with tokens it signs itself).
   */
  public Response send(
      String method, String path, @Nullable String json, @Nullable String bearerToken) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json");
    if (bearerToken != null) {
      headers.put("Authorization", "Bearer " + bearerToken);
    }
    int query = path.indexOf('?');
    APIGatewayProxyRequestEvent event =
        new APIGatewayProxyRequestEvent()
            .withHttpMethod(method)
            .withPath(query < 0 ? path : path.substring(0, query))
            .withHeaders(headers)
            .withMultiValueHeaders(multiValued(headers))
            .withBody(json)
            .withRequestContext(
                new APIGatewayProxyRequestEvent.ProxyRequestContext()
                    .withRequestId("priming-" + UUID.randomUUID())
                    .withStage("priming")
                    .withHttpMethod(method));
    if (query >= 0) {
      Map<String, List<String>> parameters = queryParameters(path.substring(query + 1));
      event.setMultiValueQueryStringParameters(parameters);
      Map<String, String> single = new LinkedHashMap<>();
      parameters.forEach((k, v) -> single.put(k, v.getFirst()));
      event.setQueryStringParameters(single);
    }
    APIGatewayProxyResponseEvent response =
        trustedKeys == null || primingKey == null
            ? handler().handleRequest(event, PrimingLambdaContext.INSTANCE)
            : trustedKeys.trusting(
                primingKey, () -> handler().handleRequest(event, PrimingLambdaContext.INSTANCE));
    return new Response(method + " " + path, response.getStatusCode(), response.getBody());
  }

  /**
   * A token of the priming tenant with these roles, signed by this run's key; null where the
   * function verifies no configured keys (identity signs its own).
   */
  public @Nullable String token(String... roles) {
    if (trustedKeys == null) {
      return null;
    }
    try {
      if (primingKey == null) {
        primingKey = new RSAKeyGenerator(2048).keyID("priming-" + UUID.randomUUID()).generate();
        tenant = "priming-" + UUID.randomUUID();
      }
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(primingKey.getKeyID()).build(),
              new JWTClaimsSet.Builder()
                  .issuer(issuer)
                  .audience(audience)
                  .subject("priming")
                  .issueTime(new Date())
                  .expirationTime(new Date(System.currentTimeMillis() + 60_000))
                  .claim(Caller.TENANT_CLAIM, tenant)
                  .claim(Caller.ROLES_CLAIM, List.of(roles))
                  .build());
      jwt.sign(new RSASSASigner(primingKey));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("the priming token could not be signed", e);
    }
  }

  /** The priming key and handler are dropped before the snapshot: no restored instance has them. */
  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    primingKey = null;
    tenant = null;
    handler = null;
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {}

  /** The tenant of this run's tokens (made with the first token): for events a primer builds. */
  public String tenant() {
    token(Roles.ADMIN);
    return tenant;
  }

  private ApiRequestFunction handler() {
    if (handler == null) {
      // The Lambda's own handler class over the same context: the same beans, routes and filters.
      handler = new ApiRequestFunction(context);
    }
    return handler;
  }

  private static Map<String, List<String>> multiValued(Map<String, String> headers) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    headers.forEach((k, v) -> values.put(k, List.of(v)));
    return values;
  }

  private static Map<String, List<String>> queryParameters(String query) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), UTF8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), UTF8);
      parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return parameters;
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
