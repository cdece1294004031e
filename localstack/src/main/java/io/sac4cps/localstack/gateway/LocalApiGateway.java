package io.sac4cps.localstack.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import io.sac4cps.contracts.api.RouteMatch;
import io.sac4cps.contracts.api.RouteResolution;
import io.sac4cps.localstack.runtime.InvocationTimeoutException;
import io.sac4cps.localstack.telemetry.MetricsView;
import io.sac4cps.localstack.telemetry.TraceCollector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for the API Gateway REST API the CDK app builds from {@code
 * contracts/openapi.yaml}: routes and per-route throttling from the contract (planned operations do
 * not exist), the Lambda REQUEST authorizer on secured routes, CORS preflight, a JSON access log
 * line per request, problem+json for the errors the gateway raises itself (404, 405, 413, 429, 401,
 * 403, 5xx), and each request handed to its function as a proxy integration (payload v1).
 */
public final class LocalApiGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalApiGateway.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> HOP_BY_HOP =
      Set.of("content-length", "transfer-encoding", "connection", "keep-alive");

  private final ApiContract contract;
  private final GatewaySettings settings;
  private final Map<String, HttpIntegration> functions;
  private final RequestAuthorization authorization;
  private final Supplier<Map<String, Object>> health;
  private final Consumer<String> accessLog;
  private final Clock clock;
  private final Map<String, TokenBucket> routeThrottles = new HashMap<>();
  private final TokenBucket stageThrottle;
  private final AddressRateLimiter addressRateLimit;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpServer server;
  private TraceCollector traces;
  private StaticSite site;

  /**
   * @param functions the proxy integration of each running function, by {@code x-function}
   * @param authorizer the REQUEST authorizer; null when none runs (secured routes then answer 503)
   * @param health the body of {@code GET /health}; its {@code status} decides 200 or 503
   * @param accessLog receives one JSON line per request
   */
  public LocalApiGateway(
      ApiContract contract,
      GatewaySettings settings,
      Map<String, HttpIntegration> functions,
      AuthorizerFunction authorizer,
      Supplier<Map<String, Object>> health,
      Consumer<String> accessLog) {
    this.contract = contract;
    this.settings = settings;
    this.functions = Map.copyOf(functions);
    this.authorization =
        authorizer == null
            ? null
            : new RequestAuthorization(authorizer, settings.authorizerCacheTtl(), settings.stage());
    this.health = health;
    this.accessLog = accessLog;
    this.clock = Clock.systemUTC();
    long now = System.nanoTime();
    for (Operation operation : contract.activeOperations()) {
      routeThrottles.put(operation.operationId(), new TokenBucket(operation.throttle(), now));
    }
    this.stageThrottle = new TokenBucket(settings.stageThrottle(), now);
    this.addressRateLimit = new AddressRateLimiter(settings.addressRateLimit());
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 512);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + settings.bindAddress() + ":" + settings.port(), e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::exchange);
  }

  /**
   * Serves the dashboard at {@code /} (paths that match no API route); call before {@link #start}.
   */
  public LocalApiGateway serving(StaticSite site) {
    this.site = site;
    return this;
  }

  /** Where the gateway's own request spans go (the local trace collector); call before start. */
  public LocalApiGateway tracingTo(TraceCollector collector) {
    this.traces = collector;
    server.createContext("/_local/spans", collector);
    server.createContext("/_local/traces", collector);
    return this;
  }

  /**
   * Where the functions' EMF lines go and {@code GET /_local/metrics} shows them in Prometheus text
   * format (decision 0078); call before start.
   */
  public LocalApiGateway showingMetrics(MetricsView metrics) {
    server.createContext("/_local/metrics", metrics);
    return this;
  }

  public LocalApiGateway start() {
    server.start();
    return this;
  }

  /** {@code http://localhost:<port>}, without a trailing slash. */
  public URI url() {
    return URI.create("http://localhost:" + server.getAddress().getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void exchange(HttpExchange exchange) {
    long started = System.nanoTime();
    long startedEpochNanos = clock.millis() * 1_000_000;
    String requestId = UUID.randomUUID().toString();
    GatewayTrace span = GatewayTrace.of(exchange.getRequestHeaders().getFirst("traceparent"));
    // The exchange's request headers are immutable: the function gets a copy carrying the span.
    Headers headers = new Headers(exchange.getRequestHeaders());
    headers.set("traceparent", span.traceparent());
    Instant receivedAt = clock.instant();
    Trace trace = new Trace();
    GatewayResponse response;
    GatewayRequest request = null;
    try {
      long declared = contentLength(exchange);
      if (declared > settings.maxBodyBytes()) {
        response = GatewayProblems.tooLarge(requestId, settings.maxBodyBytes());
        trace.errorType = "REQUEST_TOO_LARGE";
      } else {
        byte[] body = readBody(exchange.getRequestBody(), settings.maxBodyBytes());
        if (body == null) {
          response = GatewayProblems.tooLarge(requestId, settings.maxBodyBytes());
          trace.errorType = "REQUEST_TOO_LARGE";
        } else {
          request =
              new GatewayRequest(
                  requestId,
                  exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                  exchange.getRequestURI().getRawPath(),
                  exchange.getRequestURI().getRawQuery(),
                  headers,
                  body,
                  exchange.getRemoteAddress().getAddress().getHostAddress(),
                  receivedAt);
          response = route(request, trace);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("gateway: request {} failed", requestId, e);
      response = GatewayProblems.badGateway(requestId);
      trace.errorType = "DEFAULT_5XX";
    }
    response = withCorsOrigin(response, exchange.getRequestHeaders().getFirst("Origin"), trace);
    response = response.withHeader("x-amzn-RequestId", requestId);
    response = response.withHeader("traceresponse", span.traceparent());
    if (traces != null) {
      traces.gatewaySpan(
          span.traceId(),
          span.spanId(),
          span.parentSpanId(),
          exchange.getRequestMethod()
              + " "
              + (trace.resourcePath == null
                  ? exchange.getRequestURI().getPath()
                  : trace.resourcePath),
          startedEpochNanos,
          startedEpochNanos + (System.nanoTime() - started),
          response.status());
    }
    // Logged before writing, so a client that saw the response also finds its log line.
    accessLog.accept(
        accessLogLine(
            exchange,
            request,
            requestId,
            receivedAt,
            response,
            hasBody(exchange, response) ? response.body().length : 0,
            started,
            trace,
            span.traceId()));
    write(exchange, response);
  }

  private GatewayResponse route(GatewayRequest request, Trace trace) {
    // WAF sits in front of the stage: it counts and blocks before any route or throttle.
    if (!addressRateLimit.tryAcquire(request.sourceIp(), System.nanoTime())) {
      trace.errorType = "WAF_FILTERED";
      return GatewayProblems.wafFiltered(request.requestId());
    }
    String path = request.rawPath();
    RouteResolution resolution = contract.resolve(request.method(), path);
    if (request.method().equals("OPTIONS") && !(resolution instanceof RouteResolution.Matched)) {
      if (!allowedMethods(path).isEmpty()) {
        trace.resourcePath = path;
        return preflight(request);
      }
    }
    switch (resolution) {
      case RouteResolution.NotFound notFound -> {
        if (site != null) {
          Optional<GatewayResponse> file = site.respond(request.method(), path);
          if (file.isPresent()) {
            trace.resourcePath = "/{web}";
            return file.get();
          }
        }
        trace.errorType = "RESOURCE_NOT_FOUND";
        return GatewayProblems.notFound(request.requestId(), path);
      }
      case RouteResolution.MethodNotAllowed notAllowed -> {
        List<String> allowed = allowedMethods(path);
        trace.errorType = allowed.isEmpty() ? "RESOURCE_NOT_FOUND" : "METHOD_NOT_ALLOWED";
        return allowed.isEmpty()
            ? GatewayProblems.notFound(request.requestId(), path)
            : GatewayProblems.methodNotAllowed(
                request.requestId(), request.method(), path, allowed);
      }
      case RouteResolution.Matched matched -> {
        return routeMatched(request, matched.match(), trace);
      }
    }
  }

  private GatewayResponse routeMatched(GatewayRequest request, RouteMatch match, Trace trace) {
    Operation operation = match.operation();
    trace.resourcePath = operation.path();
    if (operation.planned()) {
      List<String> allowed = allowedMethods(request.rawPath());
      trace.errorType = allowed.isEmpty() ? "RESOURCE_NOT_FOUND" : "METHOD_NOT_ALLOWED";
      return allowed.isEmpty()
          ? GatewayProblems.notFound(request.requestId(), request.rawPath())
          : GatewayProblems.methodNotAllowed(
              request.requestId(), request.method(), request.rawPath(), allowed);
    }
    long now = System.nanoTime();
    if (!routeThrottles.get(operation.operationId()).tryAcquire(now)
        || !stageThrottle.tryAcquire(now)) {
      trace.errorType = "THROTTLED";
      return GatewayProblems.throttled(request.requestId());
    }
    Map<String, Object> authorizerContext = null;
    if (operation.secured()) {
      if (authorization == null) {
        trace.errorType = "AUTHORIZER_CONFIGURATION_ERROR";
        return GatewayProblems.unavailable(request.requestId(), "authorizer");
      }
      RequestAuthorization.Outcome outcome = authorization.authorize(request, match);
      switch (outcome) {
        case RequestAuthorization.Unauthorized unauthorized -> {
          trace.errorType = "UNAUTHORIZED";
          return GatewayProblems.unauthorized(request.requestId());
        }
        case RequestAuthorization.Denied denied -> {
          trace.errorType = "ACCESS_DENIED";
          trace.principalId = denied.principalId();
          return GatewayProblems.accessDenied(request.requestId());
        }
        case RequestAuthorization.Failed failed -> {
          LOG.warn("gateway: authorizer failed for {}: {}", request.requestId(), failed.reason());
          trace.errorType = "AUTHORIZER_FAILURE";
          trace.authorizerError = failed.reason();
          return GatewayProblems.authorizerFailure(request.requestId());
        }
        case RequestAuthorization.Allowed allowed -> {
          authorizerContext = allowed.context();
          trace.principalId = allowed.principalId();
          trace.authorizerLatency = allowed.latencyMillis();
        }
      }
    }
    if (Operation.GATEWAY.equals(operation.function())) {
      return healthResponse();
    }
    HttpIntegration integration = functions.get(operation.function());
    if (integration == null) {
      trace.errorType = "INTEGRATION_FAILURE";
      return GatewayProblems.unavailable(request.requestId(), operation.function());
    }
    APIGatewayProxyRequestEvent event =
        ProxyEvents.toEvent(request, match, settings.stage(), authorizerContext);
    long invoked = System.nanoTime();
    try {
      GatewayResponse response = ProxyEvents.toResponse(integration.handle(event));
      trace.integrationStatus = response.status();
      return response;
    } catch (InvocationTimeoutException e) {
      trace.errorType = "INTEGRATION_TIMEOUT";
      return GatewayProblems.timeout(request.requestId());
    } catch (RuntimeException e) {
      LOG.warn(
          "gateway: {} failed for {} {}: {}",
          operation.function(),
          request.method(),
          request.rawPath(),
          e.toString());
      trace.errorType = "INTEGRATION_FAILURE";
      return GatewayProblems.badGateway(request.requestId());
    } finally {
      trace.integrationLatency = (System.nanoTime() - invoked) / 1_000_000;
    }
  }

  /** Methods the active contract has for a concrete path (empty when the path does not exist). */
  private List<String> allowedMethods(String path) {
    List<String> allowed = new ArrayList<>();
    for (Operation operation : contract.activeOperations()) {
      if (contract
          .match(operation.method(), path)
          .map(m -> m.operation() == operation)
          .orElse(false)) {
        allowed.add(operation.method());
      }
    }
    return allowed;
  }

  private GatewayResponse preflight(GatewayRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put(
        "Access-Control-Allow-Headers", List.of(String.join(",", GatewaySettings.ALLOWED_HEADERS)));
    headers.put("Access-Control-Allow-Methods", List.of("OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD"));
    headers.put(
        "Access-Control-Expose-Headers",
        List.of(String.join(",", GatewaySettings.EXPOSED_HEADERS)));
    headers.put("Access-Control-Max-Age", List.of("3600"));
    return new GatewayResponse(204, headers, new byte[0]);
  }

  /** Preflights and the gateway's own answers carry the allowed origin, as the CDK app's do. */
  private GatewayResponse withCorsOrigin(GatewayResponse response, String origin, Trace trace) {
    boolean gatewayAnswered = trace.integrationStatus == null;
    if (!gatewayAnswered || response.headers().containsKey("Access-Control-Allow-Origin")) {
      return response;
    }
    if (settings.allowedOrigins().contains("*")) {
      return response.withHeader("Access-Control-Allow-Origin", "*");
    }
    if (origin != null && settings.allowedOrigins().contains(origin)) {
      return response
          .withHeader("Access-Control-Allow-Origin", origin)
          .withHeader("Vary", "Origin");
    }
    return response;
  }

  private GatewayResponse healthResponse() {
    Map<String, Object> body = health.get();
    Object overall = body.get("status");
    // DEGRADED serves (a function's breaker is open, its fallback keeps the work): not a 503.
    int status = "UP".equals(overall) || "DEGRADED".equals(overall) ? 200 : 503;
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    if (status == 503) {
      // The contract's HealthDown: as a function's own 503 (decision 0040).
      headers.put("Retry-After", List.of("2"));
    }
    try {
      return new GatewayResponse(status, headers, JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long contentLength(HttpExchange exchange) {
    String value = exchange.getRequestHeaders().getFirst("Content-Length");
    try {
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The body, or null when it is longer than {@code limit}. */
  private static byte[] readBody(InputStream in, long limit) throws IOException {
    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    return body.length > limit ? null : body;
  }

  private static boolean hasBody(HttpExchange exchange, GatewayResponse response) {
    return response.body().length > 0
        && response.status() != 204
        && response.status() != 304
        && !exchange.getRequestMethod().equalsIgnoreCase("HEAD");
  }

  private static void write(HttpExchange exchange, GatewayResponse response) {
    try (exchange) {
      response
          .headers()
          .forEach(
              (name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                  exchange.getResponseHeaders().put(name, new ArrayList<>(values));
                }
              });
      boolean hasBody = hasBody(exchange, response);
      exchange.sendResponseHeaders(response.status(), hasBody ? response.body().length : -1);
      if (hasBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    } catch (IOException e) {
      LOG.debug("gateway: client went away: {}", e.toString());
    }
  }

  /** What the access log reports besides the request itself. */
  private static final class Trace {
    String resourcePath;
    Integer integrationStatus;
    Long integrationLatency;
    String principalId;
    Long authorizerLatency;
    String authorizerError;
    String errorType;
  }

  /** The fields of the CDK app's access log format, one JSON object per line. */
  private String accessLogLine(
      HttpExchange exchange,
      GatewayRequest request,
      String requestId,
      Instant receivedAt,
      GatewayResponse response,
      int length,
      long started,
      Trace trace,
      String traceId) {
    ObjectNode line = JSON.createObjectNode();
    line.put("requestId", requestId);
    line.put("traceId", traceId);
    line.put("requestTime", receivedAt.toString());
    line.put("ip", exchange.getRemoteAddress().getAddress().getHostAddress());
    line.put("userAgent", exchange.getRequestHeaders().getFirst("User-Agent"));
    line.put("httpMethod", exchange.getRequestMethod());
    line.put("resourcePath", trace.resourcePath);
    line.put("path", request == null ? exchange.getRequestURI().getRawPath() : request.rawPath());
    line.put("status", response.status());
    line.put("responseLength", length);
    line.put("responseLatency", (System.nanoTime() - started) / 1_000_000);
    if (trace.integrationLatency != null) {
      line.put("integrationLatency", trace.integrationLatency);
    }
    if (trace.integrationStatus != null) {
      line.put("integrationStatus", trace.integrationStatus);
    }
    line.put("principalId", trace.principalId);
    if (trace.authorizerLatency != null) {
      line.put("authorizerLatency", trace.authorizerLatency);
    }
    line.put("authorizerError", trace.authorizerError);
    line.put("errorType", trace.errorType);
    return line.toString();
  }
}
