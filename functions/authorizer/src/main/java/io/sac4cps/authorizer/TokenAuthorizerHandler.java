package io.sac4cps.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.sac4cps.contracts.api.Tokens;
import io.sac4cps.platform.keys.PublishedKeys;
import io.sac4cps.platform.snapshot.SnapshotHooks;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * API Gateway (REST) Lambda REQUEST authorizer. A missing, invalid or expired token fails with
 * "Unauthorized", which API Gateway answers with 401; a valid token whose roles the route's {@code
 * x-roles} do not include gets an explicit Deny (403); otherwise Allow, with the context {@code
 * tenantId}, {@code roles} (comma-joined) and {@code sub} for the function.
 *
 * <p>The decision is for the one method ARN, so when authorizer caching is on its identity sources
 * must include the route: {@code method.request.header.Authorization, context.httpMethod,
 * context.resourcePath}.
 *
 * <p>It also authorizes a WebSocket API's {@code $connect} ({@link WebSocketConnect}: the token
 * from the {@code Sec-WebSocket-Protocol} header or the {@code token} query parameter): any valid
 * token may connect, Allow covers the {@code $connect} route ARN, with the same context; what a
 * connection may receive is the notifications function's check, by tenant and roles.
 *
 * <p>Tokens are never logged; only the reason a token was refused.
 *
 * <p>Configured by environment: {@code SAC4CPS_SECURITY_JWKS} (identity's public JWKS at deploy
 * time), {@code SAC4CPS_SECURITY_JWKS_URL} (where identity publishes it, to follow key rotations),
 * {@code SAC4CPS_SECURITY_ISSUER}, {@code SAC4CPS_SECURITY_AUDIENCE}.
 */
public class TokenAuthorizerHandler
    implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
  /** The exact message API Gateway turns into a 401. */
  public static final String UNAUTHORIZED = "Unauthorized";

  static final String DEFAULT_ISSUER = Tokens.LOCAL_ISSUER;
  static final String DEFAULT_AUDIENCE = Tokens.AUDIENCE;

  private final TokenVerifier verifier;
  private final RouteRoles routes;

  /** Lambda's: SnapStart's hooks, held here because org.crac holds them weakly (decision 0022). */
  private SnapshotHooks snapshotHooks;

  /**
   * Lambda's constructor: everything is read once, during the init phase, and the handler primes
   * itself before a SnapStart snapshot.
   */
  public TokenAuthorizerHandler() {
    this(System.getenv());
    Map<String, String> environment = System.getenv();
    this.snapshotHooks =
        SnapshotHooks.register(
            List.of(
                new AuthorizerPrimer(
                    routes,
                    environment.getOrDefault("SAC4CPS_SECURITY_ISSUER", DEFAULT_ISSUER),
                    environment.getOrDefault("SAC4CPS_SECURITY_AUDIENCE", DEFAULT_AUDIENCE))),
            List.of(),
            SnapshotHooks.primingEnabled(environment));
  }

  /** The hooks the Lambda constructor registered (null otherwise): for tests and the benchmark. */
  public SnapshotHooks snapshotHooks() {
    return snapshotHooks;
  }

  /**
   * Configured from these environment variables instead of the process's: for a runtime that hosts
   * several functions in one process (the docker-free local stack).
   */
  public TokenAuthorizerHandler(Map<String, String> environment) {
    this(
        new TokenVerifier(
            PublishedKeys.of(
                required(environment, "SAC4CPS_SECURITY_JWKS"),
                environment.get("SAC4CPS_SECURITY_JWKS_URL"),
                Clock.systemUTC()),
            environment.getOrDefault("SAC4CPS_SECURITY_ISSUER", DEFAULT_ISSUER),
            environment.getOrDefault("SAC4CPS_SECURITY_AUDIENCE", DEFAULT_AUDIENCE),
            Clock.systemUTC()),
        RouteRoles.load());
  }

  public TokenAuthorizerHandler(TokenVerifier verifier, RouteRoles routes) {
    this.verifier = verifier;
    this.routes = routes;
  }

  @Override
  public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
    boolean webSocket = WebSocketConnect.addresses(event);
    VerifiedToken token;
    try {
      token = verifier.verify(webSocket ? WebSocketConnect.token(event) : bearerToken(event));
    } catch (InvalidTokenException e) {
      log(context, "unauthorized" + (webSocket ? " $connect: " : ": ") + e.getMessage());
      throw new UnauthorizedException();
    }
    String methodArn = event.getMethodArn();
    String routeArn = webSocket ? methodArn : routeArn(event);
    boolean allowed =
        webSocket
            || roles(event)
                .map(permitted -> token.roles().stream().anyMatch(permitted::contains))
                .orElse(false);
    if (!allowed) {
      log(context, "forbidden: roles " + token.roles() + " for " + methodArn);
    }
    return IamPolicyResponseV1.builder()
        .withPrincipalId(token.subject())
        .withPolicyDocument(
            IamPolicyResponseV1.PolicyDocument.builder()
                .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                .withStatement(
                    List.of(
                        allowed
                            ? IamPolicyResponseV1.allowStatement(routeArn)
                            : IamPolicyResponseV1.denyStatement(routeArn)))
                .build())
        .withContext(
            Map.of(
                "tenantId", token.tenantId(),
                "roles", String.join(",", token.roles()),
                "sub", token.subject()))
        .build();
  }

  /** Thrown to make API Gateway answer 401: the Lambda error message must be "Unauthorized". */
  public static final class UnauthorizedException extends RuntimeException {
    UnauthorizedException() {
      super(UNAUTHORIZED, null, false, false);
    }
  }

  /**
   * The policy's resource: the route, not the one path asked for ({@code .../GET/rooms/*}), because
   * API Gateway (and the local gateway) cache the decision for the token and reuse it for the same
   * route with other path parameters; a policy naming one room would then deny the next room.
   */
  static String routeArn(APIGatewayCustomAuthorizerEvent event) {
    String methodArn = event.getMethodArn();
    String template = event.getResource();
    String method = event.getHttpMethod();
    if (methodArn == null || template == null || method == null) {
      return methodArn;
    }
    // arn:aws:execute-api:region:account:api-id/stage/METHOD/path...
    int slash = methodArn.indexOf('/');
    int methodEnd = slash < 0 ? -1 : methodArn.indexOf('/', methodArn.indexOf('/', slash + 1) + 1);
    String prefix = methodEnd < 0 ? methodArn : methodArn.substring(0, methodEnd);
    return prefix + template.replaceAll("\\{[^/}]+\\}", "*");
  }

  private Optional<Set<String>> roles(APIGatewayCustomAuthorizerEvent event) {
    if (event.getResource() != null && event.getHttpMethod() != null) {
      return routes.forTemplate(event.getHttpMethod(), event.getResource());
    }
    // arn:aws:execute-api:region:account:api-id/stage/METHOD/path...
    String arn = event.getMethodArn();
    int slash = arn == null ? -1 : arn.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String[] parts = arn.substring(slash + 1).split("/", 3);
    if (parts.length < 2) {
      return Optional.empty();
    }
    return routes.forPath(parts[1], parts.length == 3 ? "/" + parts[2] : "/");
  }

  private static String bearerToken(APIGatewayCustomAuthorizerEvent event)
      throws InvalidTokenException {
    String header = null;
    if (event.getHeaders() != null) {
      for (Map.Entry<String, String> entry : event.getHeaders().entrySet()) {
        if ("authorization".equalsIgnoreCase(entry.getKey())) {
          header = entry.getValue();
        }
      }
    }
    if (header == null) {
      header = event.getAuthorizationToken(); // TOKEN authorizers
    }
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new InvalidTokenException("no bearer token");
    }
    return header.substring(7).trim();
  }

  private static String required(Map<String, String> environment, String variable) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(variable + " must hold identity's public JWKS");
    }
    return value;
  }

  private static void log(Context context, String message) {
    if (context != null && context.getLogger() != null) {
      context.getLogger().log(message + "\n");
    }
  }
}
