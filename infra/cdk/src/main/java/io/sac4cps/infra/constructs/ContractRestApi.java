package io.sac4cps.infra.constructs;

import io.sac4cps.contracts.api.Operation;
import io.sac4cps.contracts.api.Throttle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.Cors;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.IdentitySource;
import software.amazon.awscdk.services.apigateway.Integration;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodDeploymentOptions;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.MockIntegration;
import software.amazon.awscdk.services.apigateway.PassthroughBehavior;
import software.amazon.awscdk.services.apigateway.RequestAuthorizer;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.ResourceProps;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The API Gateway REST API built from the contract's routes: each route is a Lambda proxy
 * integration (payload v1) of its function's alias, secured routes go through the Lambda REQUEST
 * authorizer, each route is throttled as its {@code x-throttle} says, preflight OPTIONS answers
 * CORS, errors raised by the gateway itself are problem+json carrying the request id, and every
 * request is written to a JSON access log.
 */
public final class ContractRestApi extends Construct {

  /** Header the authorizer reads the bearer token from. */
  public static final String AUTHORIZATION_HEADER = "Authorization";

  private static final String ACCESS_LOG_FORMAT =
      "{\"requestId\":\"$context.requestId\",\"extendedRequestId\":\"$context.extendedRequestId\","
          + "\"requestTime\":\"$context.requestTime\",\"ip\":\"$context.identity.sourceIp\","
          + "\"userAgent\":\"$context.identity.userAgent\",\"httpMethod\":\"$context.httpMethod\","
          + "\"resourcePath\":\"$context.resourcePath\",\"path\":\"$context.path\","
          + "\"status\":\"$context.status\",\"responseLength\":\"$context.responseLength\","
          + "\"responseLatency\":\"$context.responseLatency\","
          + "\"integrationLatency\":\"$context.integrationLatency\","
          + "\"integrationStatus\":\"$context.integration.status\","
          + "\"principalId\":\"$context.authorizer.principalId\","
          + "\"authorizerLatency\":\"$context.authorizer.latency\","
          + "\"authorizerError\":\"$context.authorizer.error\","
          + "\"errorType\":\"$context.error.responseType\","
          + "\"errorMessage\":\"$context.error.message\"}";

  private final RestApi api;
  private final RequestAuthorizer authorizer;
  private final LogGroup accessLogs;
  private final Map<String, Method> methods = new LinkedHashMap<>();
  private final RateLimitFirewall firewall;
  private final NestedStack routes;

  private ContractRestApi(Construct scope, String id, Builder props) {
    super(scope, id);
    this.accessLogs =
        LogGroup.Builder.create(this, "AccessLogs")
            .retention(props.logRetention)
            .removalPolicy(props.logRemovalPolicy)
            .build();

    Map<String, MethodDeploymentOptions> routeThrottling = new LinkedHashMap<>();
    for (Operation route : props.routes) {
      routeThrottling.put(
          route.path() + "/" + route.method(),
          MethodDeploymentOptions.builder()
              .throttlingRateLimit(route.throttle().rateLimit())
              .throttlingBurstLimit(route.throttle().burstLimit())
              .build());
    }

    this.api =
        RestApi.Builder.create(this, "Api")
            .restApiName(props.apiName)
            .description("Routes of contracts/openapi.yaml")
            .endpointTypes(List.of(EndpointType.REGIONAL))
            // The account-wide role API Gateway needs to write access logs; kept on teardown
            // because other APIs of the account use it too.
            .cloudWatchRole(true)
            .cloudWatchRoleRemovalPolicy(RemovalPolicy.RETAIN)
            .defaultCorsPreflightOptions(
                CorsOptions.builder()
                    .allowOrigins(props.allowedOrigins)
                    .allowMethods(Cors.ALL_METHODS)
                    .allowHeaders(
                        List.of(
                            "Content-Type",
                            AUTHORIZATION_HEADER,
                            "Idempotency-Key",
                            "X-Amz-Date",
                            "X-Api-Key"))
                    .exposeHeaders(List.of("x-amzn-RequestId", "Location"))
                    .maxAge(Duration.hours(1))
                    .build())
            .deployOptions(
                StageOptions.builder()
                    .stageName(props.stageName)
                    .throttlingRateLimit(props.defaultThrottle.rateLimit())
                    .throttlingBurstLimit(props.defaultThrottle.burstLimit())
                    .methodOptions(routeThrottling)
                    .metricsEnabled(true)
                    .loggingLevel(MethodLoggingLevel.ERROR)
                    // Request and response bodies stay out of the logs: they carry personal data.
                    .dataTraceEnabled(false)
                    .accessLogDestination(new LogGroupLogDestination(accessLogs))
                    .accessLogFormat(AccessLogFormat.custom(ACCESS_LOG_FORMAT))
                    .build())
            .build();

    addProblemResponses(props.allowedOrigins);
    this.routes = new NestedStack(this, "Routes");

    boolean anySecured = props.routes.stream().anyMatch(Operation::secured);
    this.authorizer =
        anySecured
            ? RequestAuthorizer.Builder.create(this, "Authorizer")
                .handler(props.authorizer)
                // The route is part of the cache key: the authorizer decides per route (x-roles),
                // so a cached Allow for one route must not answer another. Its policy covers the
                // whole route (path parameters as *), so one decision serves /rooms/123 and
                // /rooms/456 alike and the concrete path stays out of the key.
                .identitySources(
                    List.of(
                        IdentitySource.header(AUTHORIZATION_HEADER),
                        IdentitySource.context("httpMethod"),
                        IdentitySource.context("resourcePath")))
                .resultsCacheTtl(Duration.seconds(props.authorizerCacheSeconds))
                .build()
            : null;

    Map<String, Integration> integrations = new LinkedHashMap<>();
    for (Operation route : props.routes) {
      Integration integration =
          integrations.computeIfAbsent(
              route.function(),
              function ->
                  Operation.GATEWAY.equals(function)
                      ? healthIntegration()
                      : LambdaIntegration.Builder.create(props.functions.get(function))
                          .proxy(true)
                          // One permission per function for the whole API instead of one per route.
                          .scopePermissionToMethod(false)
                          .build());
      MethodOptions.Builder options =
          MethodOptions.builder()
              .operationName(route.operationId())
              .authorizationType(
                  route.secured() ? AuthorizationType.CUSTOM : AuthorizationType.NONE);
      if (route.secured()) {
        options.authorizer(authorizer);
      }
      if (Operation.GATEWAY.equals(route.function())) {
        options.methodResponses(List.of(MethodResponse.builder().statusCode("200").build()));
      }
      Method method =
          resourceFor(route.path()).addMethod(route.method(), integration, options.build());
      methods.put(route.method() + " " + route.path(), method);
      if (!route.secured()) {
        Findings.accept(
            method,
            "AwsSolutions-APIG4",
            "public by the contract (security: []): health, registration, login, token and key"
                + " discovery");
      }
    }
    Findings.accept(
        this,
        "AwsSolutions-COG4",
        "tokens are identity's RS256 JWTs checked by the Lambda REQUEST authorizer (decision 0005),"
            + " not Cognito user pools");
    Findings.accept(
        this,
        "AwsSolutions-APIG2",
        "each function checks every request against contracts/openapi.yaml and answers"
            + " problem+json naming the field; API Gateway's validators would answer differently");
    Findings.accept(
        this,
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
        "the account-level role API Gateway needs to write execution and access logs");
    Findings.accept(this, "Serverless-APIGWXrayEnabled", Findings.TRACING);
    this.firewall = RateLimitFirewall.protect(this, "Firewall", api.getDeploymentStage());
  }

  /**
   * The route's resource, created in the {@link #routes} nested stack below the parent's root: the
   * API's resources and methods (each with its CORS preflight) are two fifths of the platform's
   * resources, and one stack holds at most 500. The API, its authorizer, deployment and stage stay
   * in the parent, so functions can name the API (the issuer) without a cycle through the nested
   * stack; the deployment depends on the methods wherever they are.
   */
  private IResource resourceFor(String path) {
    IResource resource = api.getRoot();
    StringBuilder walked = new StringBuilder();
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      walked.append('/').append(part);
      IResource child = resource.getResource(part);
      resource =
          child != null
              ? child
              : new Resource(
                  routes,
                  walked.toString(),
                  ResourceProps.builder().parent(resource).pathPart(part).build());
    }
    return resource;
  }

  /** The nested stack holding the API's resources and methods. */
  public NestedStack getRoutes() {
    return routes;
  }

  public static Builder builder(Construct scope, String id) {
    return new Builder(scope, id);
  }

  public RestApi getApi() {
    return api;
  }

  /** The WAF web ACL in front of the stage. */
  public RateLimitFirewall getFirewall() {
    return firewall;
  }

  /** The invoke URL of the stage, ending in '/'. */
  public String getUrl() {
    return api.getUrl();
  }

  public LogGroup getAccessLogs() {
    return accessLogs;
  }

  /** The API's methods keyed {@code "GET /sensors/{id}"}. */
  public Map<String, Method> getMethods() {
    return Map.copyOf(methods);
  }

  private static Integration healthIntegration() {
    return MockIntegration.Builder.create()
        .passthroughBehavior(PassthroughBehavior.NEVER)
        .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}"))
        .integrationResponses(
            List.of(
                IntegrationResponse.builder()
                    .statusCode("200")
                    .responseTemplates(Map.of("application/json", "{\"status\":\"UP\"}"))
                    .build()))
        .build();
  }

  /**
   * Errors API Gateway raises before a function runs (no or bad token, throttled, unknown route)
   * answer in the same RFC 9457 shape as the functions, with the request id for support.
   */
  private void addProblemResponses(List<String> allowedOrigins) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(
        "Access-Control-Allow-Origin",
        allowedOrigins.size() == 1
            ? "'" + allowedOrigins.get(0) + "'"
            // Several origins: echo the caller's; these bodies carry nothing but the error.
            : "method.request.header.Origin");
    record Problem(String id, ResponseType type, String status, String title) {}
    List<Problem> problems =
        List.of(
            new Problem("Unauthorized", ResponseType.UNAUTHORIZED, "401", "Unauthorized"),
            new Problem("AccessDenied", ResponseType.ACCESS_DENIED, "403", "Forbidden"),
            new Problem("Throttled", ResponseType.THROTTLED, "429", "Too Many Requests"),
            new Problem("QuotaExceeded", ResponseType.QUOTA_EXCEEDED, "429", "Too Many Requests"),
            new Problem("Default4xx", ResponseType.DEFAULT_4_XX, null, null),
            new Problem("Default5xx", ResponseType.DEFAULT_5_XX, null, null));
    for (Problem problem : problems) {
      String title = problem.title() == null ? "$context.error.responseType" : problem.title();
      String status = problem.status() == null ? "" : ",\"status\":" + problem.status();
      Map<String, String> responseHeaders = new LinkedHashMap<>(headers);
      if (problem.type() == ResponseType.UNAUTHORIZED) {
        // RFC 6750, as the functions' own 401s.
        responseHeaders.put("WWW-Authenticate", "'Bearer realm=\"sac4cps\"'");
      }
      GatewayResponseOptions.Builder response =
          GatewayResponseOptions.builder()
              .type(problem.type())
              .responseHeaders(responseHeaders)
              .templates(
                  Map.of(
                      "application/json",
                      "{\"type\":\"about:blank\",\"title\":\""
                          + title
                          + "\""
                          + status
                          + ",\"detail\":$context.error.messageString"
                          + ",\"requestId\":\"$context.requestId\"}"));
      if (problem.status() != null) {
        response.statusCode(problem.status());
      }
      api.addGatewayResponse(problem.id(), response.build());
    }
  }

  /** Props builder; {@link #build()} checks the routes against the functions before building. */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private String apiName;
    private String stageName;
    private final List<Operation> routes = new ArrayList<>();
    private final Map<String, IFunction> functions = new LinkedHashMap<>();
    private IFunction authorizer;
    private int authorizerCacheSeconds = 300;
    private List<String> allowedOrigins = List.of();
    private Throttle defaultThrottle;
    private RetentionDays logRetention = RetentionDays.ONE_MONTH;
    private RemovalPolicy logRemovalPolicy = RemovalPolicy.DESTROY;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    public Builder apiName(String apiName) {
      this.apiName = apiName;
      return this;
    }

    public Builder stageName(String stageName) {
      this.stageName = stageName;
      return this;
    }

    public Builder routes(List<Operation> routes) {
      this.routes.addAll(routes);
      return this;
    }

    /** The callable (alias) a route's {@code x-function} resolves to. */
    public Builder function(String name, IFunction callable) {
      this.functions.put(name, callable);
      return this;
    }

    /** The Lambda REQUEST authorizer every secured route goes through. */
    public Builder authorizer(IFunction authorizer) {
      this.authorizer = authorizer;
      return this;
    }

    public Builder authorizerCacheSeconds(int authorizerCacheSeconds) {
      this.authorizerCacheSeconds = authorizerCacheSeconds;
      return this;
    }

    /** CORS origins allowed to call the API; {@code ["*"]} allows any. */
    public Builder allowedOrigins(List<String> allowedOrigins) {
      this.allowedOrigins = List.copyOf(allowedOrigins);
      return this;
    }

    /**
     * Stage-wide throttling for routes that set none. No usage plan: it limits only API keys, and
     * no route takes one (device gateways sign in with client credentials).
     */
    public Builder defaultThrottle(Throttle defaultThrottle) {
      this.defaultThrottle = defaultThrottle;
      return this;
    }

    public Builder logRetention(RetentionDays logRetention) {
      this.logRetention = logRetention;
      return this;
    }

    public Builder logRemovalPolicy(RemovalPolicy logRemovalPolicy) {
      this.logRemovalPolicy = logRemovalPolicy;
      return this;
    }

    public ContractRestApi build() {
      if (apiName == null || apiName.isBlank()) {
        throw new IllegalArgumentException("apiName is required");
      }
      if (stageName == null || !stageName.matches("[A-Za-z0-9_]+")) {
        throw new IllegalArgumentException("stageName must be letters, digits or '_'");
      }
      if (defaultThrottle == null) {
        throw new IllegalArgumentException("defaultThrottle is required");
      }
      if (allowedOrigins.isEmpty()) {
        throw new IllegalArgumentException("allowedOrigins is required (use [\"*\"] for any)");
      }
      if (authorizerCacheSeconds < 0 || authorizerCacheSeconds > 3600) {
        throw new IllegalArgumentException("authorizerCacheSeconds must be 0..3600");
      }
      List<String> problems = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Operation route : routes) {
        if (!seen.add(route.method() + " " + route.path())) {
          problems.add("duplicate route " + route.method() + " " + route.path());
        }
        if (Operation.GATEWAY.equals(route.function())) {
          // The gateway only knows how to say it is up.
          if (!route.method().equals("GET") || !route.path().equals("/health")) {
            problems.add(route.operationId() + ": only GET /health can be answered by the gateway");
          }
        } else if (!functions.containsKey(route.function())) {
          problems.add(route.operationId() + ": no deployed function '" + route.function() + "'");
        }
        if (route.secured() && authorizer == null) {
          problems.add(route.operationId() + ": secured but no authorizer is deployed");
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("REST API " + apiName + ": " + problems);
      }
      return new ContractRestApi(scope, id, this);
    }
  }
}
