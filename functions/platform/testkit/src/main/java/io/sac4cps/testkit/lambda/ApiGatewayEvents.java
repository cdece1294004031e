package io.sac4cps.testkit.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds API Gateway REST API (payload v1) proxy events as API Gateway hands them to a Lambda
 * behind a REQUEST authorizer.
 *
 * <pre>{@code
 * APIGatewayProxyRequestEvent event =
 *     ApiGatewayEvents.request("GET", "/sensors/{id}/data")
 *         .pathParameter("id", "s-1")
 *         .query("limit", "10")
 *         .authorizedAs("user-1", "tenant-1", "viewer")
 *         .build();
 * }</pre>
 *
 * <p>The authorizer context is what the sac4cps authorizer returns: {@code principalId} and {@code
 * sub} (the user id), {@code tenantId}, and {@code roles} as one comma-separated string (API
 * Gateway passes only string, number and boolean context values).
 */
public final class ApiGatewayEvents {

  private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}+]+)\\+?}");

  private ApiGatewayEvents() {}

  /**
   * A request for a route.
   *
   * @param method the HTTP method
   * @param resource the route's path template as in contracts/openapi.yaml, e.g. {@code
   *     /rooms/{id}}
   */
  public static Request request(String method, String resource) {
    return new Request(method, resource);
  }

  /** A request builder; {@link #build()} may be called more than once. */
  public static final class Request {
    private final String method;
    private final String resource;
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private Map<String, Object> authorizer;
    private String body;
    private String stage = "test";
    private String sourceIp = "198.51.100.7";
    private String requestId = UUID.randomUUID().toString();
    private String path;

    private Request(String method, String resource) {
      this.method = method;
      this.resource = resource;
    }

    /** Fills {@code {name}} in the resource; the path is made from the resource and these. */
    public Request pathParameter(String name, String value) {
      pathParameters.put(name, value);
      return this;
    }

    /** Sets the concrete path instead of deriving it from the resource and path parameters. */
    public Request path(String path) {
      this.path = path;
      return this;
    }

    /** Adds a query parameter; repeated names become multi-value parameters. */
    public Request query(String name, String value) {
      query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      return this;
    }

    /** Adds a header; repeated names become multi-value headers. */
    public Request header(String name, String value) {
      headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      return this;
    }

    /** A JSON body with {@code Content-Type: application/json}. */
    public Request json(String json) {
      headers.put("Content-Type", new ArrayList<>(List.of("application/json")));
      this.body = json;
      return this;
    }

    /** A body as given, with the caller's Content-Type header, if any. */
    public Request body(String body) {
      this.body = body;
      return this;
    }

    /** {@code Authorization: Bearer <token>}. */
    public Request bearer(String token) {
      headers.put("Authorization", new ArrayList<>(List.of("Bearer " + token)));
      return this;
    }

    /** The authorizer context of a caller the REQUEST authorizer has let in. */
    public Request authorizedAs(String userId, String tenantId, String... roles) {
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("principalId", userId);
      context.put("sub", userId);
      context.put("tenantId", tenantId);
      context.put("roles", String.join(",", roles));
      context.put("integrationLatency", 0);
      return authorizerContext(context);
    }

    /** Any authorizer context, e.g. one with a key missing, for negative tests. */
    public Request authorizerContext(Map<String, Object> context) {
      this.authorizer = new LinkedHashMap<>(context);
      return this;
    }

    public Request stage(String stage) {
      this.stage = stage;
      return this;
    }

    public Request sourceIp(String sourceIp) {
      this.sourceIp = sourceIp;
      return this;
    }

    public Request requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    public APIGatewayProxyRequestEvent build() {
      String concretePath = path != null ? path : expand(resource);
      var event = new APIGatewayProxyRequestEvent();
      event.setResource(resource);
      event.setPath(concretePath);
      event.setHttpMethod(method);
      event.setHeaders(headers.isEmpty() ? null : lastValues(headers));
      event.setMultiValueHeaders(headers.isEmpty() ? null : copy(headers));
      event.setQueryStringParameters(query.isEmpty() ? null : lastValues(query));
      event.setMultiValueQueryStringParameters(query.isEmpty() ? null : copy(query));
      event.setPathParameters(
          pathParameters.isEmpty() ? null : new LinkedHashMap<>(pathParameters));
      event.setStageVariables(null);
      event.setBody(body);
      event.setIsBase64Encoded(false);

      var identity = new RequestIdentity();
      identity.setSourceIp(sourceIp);
      identity.setUserAgent(lastValue("User-Agent"));

      var context = new ProxyRequestContext();
      context.setAccountId("000000000000");
      context.setApiId("local");
      context.setResourceId("local");
      context.setResourcePath(resource);
      context.setHttpMethod(method);
      context.setPath("/" + stage + concretePath);
      context.setStage(stage);
      context.setRequestId(requestId);
      context.setExtendedRequestId(requestId);
      context.setProtocol("HTTP/1.1");
      Instant now = Instant.now();
      context.setRequestTimeEpoch(now.toEpochMilli());
      context.setIdentity(identity);
      context.setAuthorizer(authorizer == null ? null : new LinkedHashMap<>(authorizer));
      event.setRequestContext(context);
      return event;
    }

    private String lastValue(String header) {
      for (var entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(header)) {
          return entry.getValue().get(entry.getValue().size() - 1);
        }
      }
      return null;
    }

    private String expand(String template) {
      Matcher matcher = PATH_VARIABLE.matcher(template);
      StringBuilder expanded = new StringBuilder();
      while (matcher.find()) {
        String value = pathParameters.get(matcher.group(1));
        if (value == null) {
          throw new IllegalStateException(
              "no value for path parameter {" + matcher.group(1) + "} of " + template);
        }
        String encoded =
            matcher.group().endsWith("+}")
                ? value
                : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        matcher.appendReplacement(expanded, Matcher.quoteReplacement(encoded));
      }
      matcher.appendTail(expanded);
      return expanded.toString();
    }

    private static Map<String, String> lastValues(Map<String, List<String>> values) {
      Map<String, String> last = new LinkedHashMap<>();
      values.forEach((name, list) -> last.put(name, list.get(list.size() - 1)));
      return last;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> values) {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      values.forEach((name, list) -> copy.put(name, new ArrayList<>(list)));
      return copy;
    }
  }
}
