package io.sac4cps.localstack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local API Gateway over real HTTP, with fake functions behind it. */
class LocalApiGatewayIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> ACCESS_LOG = new CopyOnWriteArrayList<>();
  private static final AtomicInteger AUTHORIZER_CALLS = new AtomicInteger();
  private static final AtomicReference<APIGatewayProxyRequestEvent> LAST_EVENT =
      new AtomicReference<>();
  private static LocalApiGateway gateway;

  @BeforeAll
  static void start() {
    HttpIntegration items =
        event -> {
          LAST_EVENT.set(event);
          return new APIGatewayProxyResponseEvent()
              .withStatusCode(event.getHttpMethod().equals("POST") ? 201 : 200)
              .withHeaders(Map.of("Content-Type", "application/json"))
              .withBody("{\"path\":\"" + event.getPath() + "\"}");
        };
    HttpIntegration broken =
        event -> {
          throw new IllegalStateException("boom");
        };
    gateway =
        new LocalApiGateway(
                ProxyEventsTest.CONTRACT,
                GatewaySettings.defaults(0).withMaxBodyBytes(1024),
                Map.of("items", items, "broken", broken),
                LocalApiGatewayIT::authorize,
                () -> Map.of("status", "UP", "functions", List.of(Map.of("name", "items"))),
                ACCESS_LOG::add)
            .start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static Map<String, Object> authorize(APIGatewayCustomAuthorizerEvent event) {
    AUTHORIZER_CALLS.incrementAndGet();
    String token = event.getHeaders().get("Authorization");
    return switch (token) {
      case "Bearer good", "Bearer counted" ->
          Map.of(
              "principalId",
              "user-1",
              "policyDocument",
              Map.of(
                  "Version",
                  "2012-10-17",
                  "Statement",
                  List.of(
                      Map.of(
                          "Effect",
                          "Allow",
                          "Action",
                          "execute-api:Invoke",
                          "Resource",
                          // Wildcard, as a cached result must cover every path of the route.
                          event.getMethodArn().substring(0, event.getMethodArn().indexOf('/'))
                              + "/*"))),
              "context",
              Map.of("tenantId", "t-1", "roles", "viewer"));
      case "Bearer deny" ->
          Map.of(
              "principalId",
              "user-2",
              "policyDocument",
              Map.of(
                  "Statement",
                  List.of(
                      Map.of("Effect", "Deny", "Action", "execute-api:Invoke", "Resource", "*"))));
      case "Bearer crash" -> throw new IllegalStateException("authorizer bug");
      default -> throw new RuntimeException("Unauthorized");
    };
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(gateway.url() + path)).timeout(Duration.ofSeconds(10));
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  @Test
  void aPublicRouteReachesItsFunctionWithTheRequestTranslated() throws Exception {
    HttpResponse<String> response =
        send(
            get("/items?limit=5")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")));
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(json(response).get("path").asText()).isEqualTo("/items");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    APIGatewayProxyRequestEvent event = LAST_EVENT.get();
    assertThat(event.getBody()).isEqualTo("{\"name\":\"x\"}");
    assertThat(event.getQueryStringParameters()).containsEntry("limit", "5");
    assertThat(event.getRequestContext().getAuthorizer()).isNull();
  }

  @Test
  void aSecuredRouteGetsTheAuthorizersContextAsApiGatewayPassesIt() throws Exception {
    HttpResponse<String> response = send(get("/items/42").header("Authorization", "Bearer good"));
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> authorizer = LAST_EVENT.get().getRequestContext().getAuthorizer();
    assertThat(authorizer)
        .containsEntry("tenantId", "t-1")
        .containsEntry("roles", "viewer")
        .containsEntry("principalId", "user-1");
    assertThat(LAST_EVENT.get().getPathParameters()).containsEntry("id", "42");
  }

  @Test
  void noTokenIs401WithoutCallingTheAuthorizerAndABadTokenIs401() throws Exception {
    int before = AUTHORIZER_CALLS.get();
    HttpResponse<String> missing = send(get("/items"));
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(missing).get("status").asInt()).isEqualTo(401);
    assertThat(AUTHORIZER_CALLS.get()).isEqualTo(before);

    HttpResponse<String> bad = send(get("/items").header("Authorization", "Bearer forged"));
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(json(bad).get("title").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void anExplicitDenyIs403AndAFailingAuthorizerIs500() throws Exception {
    HttpResponse<String> denied = send(get("/items").header("Authorization", "Bearer deny"));
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(json(denied).get("detail").asText()).contains("explicit deny");

    HttpResponse<String> crashed = send(get("/items").header("Authorization", "Bearer crash"));
    assertThat(crashed.statusCode()).isEqualTo(500);
  }

  @Test
  void authorizerResultsAreCachedPerTokenAndRoute() throws Exception {
    int before = AUTHORIZER_CALLS.get();
    send(get("/items/1").header("Authorization", "Bearer counted"));
    send(get("/items/2").header("Authorization", "Bearer counted"));
    assertThat(AUTHORIZER_CALLS.get() - before).as("same route, same token").isEqualTo(1);
    send(get("/items").header("Authorization", "Bearer counted"));
    assertThat(AUTHORIZER_CALLS.get() - before).as("another route").isEqualTo(2);
  }

  @Test
  void unknownPathsAre404AndUnknownMethods405WithAllow() throws Exception {
    HttpResponse<String> notFound = send(get("/nothing/here"));
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(json(notFound).get("type").asText()).isEqualTo("about:blank");
    assertThat(json(notFound).get("requestId").asText()).isNotBlank();

    HttpResponse<String> notAllowed =
        send(get("/items").method("PATCH", HttpRequest.BodyPublishers.noBody()));
    assertThat(notAllowed.statusCode()).isEqualTo(405);
    assertThat(notAllowed.headers().firstValue("Allow").orElseThrow()).contains("GET", "POST");
  }

  @Test
  void plannedOperationsDoNotExist() throws Exception {
    assertThat(send(get("/future")).statusCode()).isEqualTo(404);
    HttpResponse<String> plannedMethod =
        send(get("/items/1").DELETE().header("Authorization", "Bearer good"));
    assertThat(plannedMethod.statusCode()).isEqualTo(405);
    assertThat(plannedMethod.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    HttpResponse<String> response =
        send(get("/items").POST(HttpRequest.BodyPublishers.ofString("x".repeat(2048))));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("status").asInt()).isEqualTo(413);
  }

  @Test
  void aRouteOverItsThrottleIs429WithRetryAfter() throws Exception {
    int throttled = 0;
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> response = send(get("/limited"));
      if (response.statusCode() == 429) {
        throttled++;
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
      }
    }
    assertThat(throttled).as("burst of 2 at 1 request/s").isGreaterThanOrEqualTo(3);
  }

  @Test
  void aPreflightAnswersCorsForExistingPaths() throws Exception {
    HttpResponse<String> response =
        send(
            get("/items/7")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "GET"));
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .contains("Authorization");
    assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("GET");
  }

  @Test
  void aFailingFunctionIs502() throws Exception {
    HttpResponse<String> response = send(get("/broken"));
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(json(response).get("status").asInt()).isEqualTo(502);
  }

  @Test
  void healthIsAnsweredByTheGatewayItself() throws Exception {
    HttpResponse<String> response = send(get("/health"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("status").asText()).isEqualTo("UP");
    assertThat(json(response).get("functions").get(0).get("name").asText()).isEqualTo("items");
  }

  @Test
  void everyRequestWritesAJsonAccessLogLine() throws Exception {
    send(get("/items/99").header("Authorization", "Bearer good").header("User-Agent", "e2e"));
    JsonNode line =
        ACCESS_LOG.stream()
            .map(
                text -> {
                  try {
                    return JSON.readTree(text);
                  } catch (IOException e) {
                    throw new IllegalStateException("not JSON: " + text, e);
                  }
                })
            .filter(l -> "/items/99".equals(l.get("path").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(line.get("httpMethod").asText()).isEqualTo("GET");
    assertThat(line.get("resourcePath").asText()).isEqualTo("/items/{id}");
    assertThat(line.get("status").asInt()).isEqualTo(200);
    assertThat(line.get("principalId").asText()).isEqualTo("user-1");
    assertThat(line.get("userAgent").asText()).isEqualTo("e2e");
    assertThat(line.get("requestId").asText()).isNotBlank();
  }
}
