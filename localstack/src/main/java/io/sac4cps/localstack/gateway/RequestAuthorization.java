package io.sac4cps.localstack.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import io.sac4cps.contracts.api.RouteMatch;
import io.sac4cps.localstack.runtime.LocalAws;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API Gateway's handling of a Lambda REQUEST authorizer: a request without the identity source (the
 * {@code Authorization} header) is refused without calling the authorizer; results are cached per
 * token, method and route for the TTL (the CDK app's cache key); the policy decides against the
 * request's method ARN; the authorizer's {@code context} and {@code principalId} reach the function
 * in {@code requestContext.authorizer}.
 */
final class RequestAuthorization {

  sealed interface Outcome {}

  /** Admitted; {@code context} becomes {@code requestContext.authorizer}. */
  record Allowed(Map<String, Object> context, String principalId, long latencyMillis)
      implements Outcome {}

  record Unauthorized(String reason) implements Outcome {}

  record Denied(String principalId) implements Outcome {}

  record Failed(String reason) implements Outcome {}

  private record CachedPolicy(Map<String, Object> result, long expiresAtNanos) {}

  private final AuthorizerFunction authorizer;
  private final Duration cacheTtl;
  private final String stage;
  private final Map<String, CachedPolicy> cache = new ConcurrentHashMap<>();

  RequestAuthorization(AuthorizerFunction authorizer, Duration cacheTtl, String stage) {
    this.authorizer = authorizer;
    this.cacheTtl = cacheTtl;
    this.stage = stage;
  }

  Outcome authorize(GatewayRequest request, RouteMatch route) {
    String token = request.header("Authorization").orElse("");
    if (token.isBlank()) {
      return new Unauthorized("identity source missing");
    }
    String methodArn = LocalAws.methodArn(stage, request.method(), request.rawPath());
    String cacheKey = token + "\n" + request.method() + "\n" + route.operation().operationId();
    long now = System.nanoTime();
    long started = now;
    CachedPolicy cached = cache.get(cacheKey);
    Map<String, Object> result;
    if (cached != null && cached.expiresAtNanos() - now > 0) {
      result = cached.result();
    } else {
      try {
        result = authorizer.authorize(event(request, route, methodArn, token));
      } catch (RuntimeException e) {
        return isUnauthorized(e)
            ? new Unauthorized("authorizer said Unauthorized")
            : new Failed(e.toString());
      }
      if (result == null || !result.containsKey("policyDocument")) {
        return new Failed("the authorizer returned no policyDocument");
      }
      if (!cacheTtl.isZero()) {
        cache.put(cacheKey, new CachedPolicy(result, now + cacheTtl.toNanos()));
      }
    }
    String principalId =
        result.get("principalId") == null ? null : result.get("principalId").toString();
    if (!IamPolicy.allows(result.get("policyDocument"), methodArn)) {
      return new Denied(principalId);
    }
    Map<String, Object> context = new LinkedHashMap<>();
    if (result.get("context") instanceof Map<?, ?> values) {
      values.forEach((key, value) -> context.put(String.valueOf(key), value));
    }
    context.put("principalId", principalId);
    long latency = (System.nanoTime() - started) / 1_000_000;
    context.put("integrationLatency", latency);
    return new Allowed(context, principalId, latency);
  }

  private APIGatewayCustomAuthorizerEvent event(
      GatewayRequest request, RouteMatch route, String methodArn, String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    request.headers().forEach((name, values) -> headers.put(name, values.get(values.size() - 1)));
    Map<String, String> query = new LinkedHashMap<>();
    ProxyEvents.query(request.rawQuery())
        .forEach((name, values) -> query.put(name, values.get(values.size() - 1)));
    return APIGatewayCustomAuthorizerEvent.builder()
        .withType("REQUEST")
        .withMethodArn(methodArn)
        .withIdentitySource(token)
        .withResource(route.operation().path())
        .withPath(request.rawPath())
        .withHttpMethod(request.method())
        .withHeaders(headers)
        .withQueryStringParameters(query)
        .withPathParameters(route.pathParameters())
        .withStageVariables(Map.of())
        .withRequestContext(
            APIGatewayCustomAuthorizerEvent.RequestContext.builder()
                .withAccountId(LocalAws.ACCOUNT_ID)
                .withApiId(LocalAws.API_ID)
                .withStage(stage)
                .withRequestId(request.requestId())
                .withResourceId(route.operation().operationId())
                .withResourcePath(route.operation().path())
                .withHttpMethod(request.method())
                .withPath("/" + stage + request.rawPath())
                .withIdentity(
                    APIGatewayCustomAuthorizerEvent.Identity.builder()
                        .withSourceIp(request.sourceIp())
                        .build())
                .build())
        .build();
  }

  /** Lambda authorizers signal 401 by failing with the message {@code Unauthorized}. */
  private static boolean isUnauthorized(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if ("Unauthorized".equals(t.getMessage())) {
        return true;
      }
    }
    return false;
  }
}
