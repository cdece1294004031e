package io.sac4cps.localstack.gateway;

import io.sac4cps.contracts.api.AddressRateLimit;
import io.sac4cps.contracts.api.Throttle;
import java.time.Duration;
import java.util.List;

/**
 * How the local API Gateway is set up; {@link #defaults(int)} mirrors the CDK app.
 *
 * @param bindAddress the interface to listen on
 * @param port 0 for any free port
 * @param stage the stage name seen by functions in {@code requestContext.stage}
 * @param allowedOrigins CORS origins; {@code ["*"]} allows any
 * @param maxBodyBytes larger bodies get 413 (Lambda's 6 MB synchronous payload limit)
 * @param stageThrottle applies to all routes together, on top of each route's own
 * @param authorizerCacheTtl how long an authorizer result answers for the same token and route
 * @param addressRateLimit the WAF's rate-based rule per client address, checked before routing
 */
public record GatewaySettings(
    String bindAddress,
    int port,
    String stage,
    List<String> allowedOrigins,
    long maxBodyBytes,
    Throttle stageThrottle,
    Duration authorizerCacheTtl,
    Duration integrationTimeout,
    AddressRateLimit addressRateLimit) {

  public static final List<String> ALLOWED_HEADERS =
      List.of("Content-Type", "Authorization", "Idempotency-Key", "X-Amz-Date", "X-Api-Key");
  public static final List<String> EXPOSED_HEADERS = List.of("x-amzn-RequestId", "Location");

  public GatewaySettings {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  public static GatewaySettings defaults(int port) {
    return new GatewaySettings(
        "127.0.0.1",
        port,
        "local",
        List.of("*"),
        6L * 1024 * 1024,
        new Throttle(1000, 2000),
        Duration.ofSeconds(300),
        // API Gateway's integration timeout.
        Duration.ofSeconds(29),
        AddressRateLimit.WAF);
  }

  public GatewaySettings withAuthorizerCacheTtl(Duration ttl) {
    return new GatewaySettings(
        bindAddress,
        port,
        stage,
        allowedOrigins,
        maxBodyBytes,
        stageThrottle,
        ttl,
        integrationTimeout,
        addressRateLimit);
  }

  public GatewaySettings withMaxBodyBytes(long bytes) {
    return new GatewaySettings(
        bindAddress,
        port,
        stage,
        allowedOrigins,
        bytes,
        stageThrottle,
        authorizerCacheTtl,
        integrationTimeout,
        addressRateLimit);
  }

  public GatewaySettings withAddressRateLimit(AddressRateLimit limit) {
    return new GatewaySettings(
        bindAddress,
        port,
        stage,
        allowedOrigins,
        maxBodyBytes,
        stageThrottle,
        authorizerCacheTtl,
        integrationTimeout,
        limit);
  }
}
