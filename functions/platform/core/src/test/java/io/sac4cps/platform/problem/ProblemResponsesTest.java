package io.sac4cps.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.micronaut.json.JsonMapper;
import io.sac4cps.contracts.api.Tokens;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad request a function can get, through the real Lambda handler: each answer is a
 * problem+json document with the right status, naming the field where there is one.
 */
class ProblemResponsesTest {
  private static RSAKey key;
  private static ApplicationContext context;
  private static ApiGatewayProxyRequestEventFunction handler;
  private static JsonMapper json;

  @BeforeAll
  static void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    Map<String, Object> config = new HashMap<>();
    config.put("sac4cps.security.jwks", new JWKSet(key.toPublicJWK()).toString());
    config.put("flyway.enabled", false);
    config.put("sac4cps.cors.allowed-origins", "https://app.example.com");
    config.put("datasources.default.enabled", false);
    context = ApplicationContext.builder().properties(config).start();
    handler = new ApiGatewayProxyRequestEventFunction(context);
    json = context.getBean(JsonMapper.class);
  }

  @AfterAll
  static void stop() {
    handler.close();
  }

  @Test
  void malformedJsonIsA400() throws Exception {
    var response = send("POST", "/probes", "{\"name\": \"x\", ", token("admin"));
    assertProblem(response, 400);
  }

  @Test
  void aWrongTypeNamesTheField() throws Exception {
    var response = send("POST", "/probes", "{\"name\":\"x\",\"size\":\"big\"}", token("admin"));
    Map<String, Object> problem = assertProblem(response, 400);
    assertThat(fields(problem)).contains("size");
  }

  @Test
  void aNestedWrongTypeNamesItsPath() throws Exception {
    var response =
        send(
            "POST",
            "/probes",
            "{\"name\":\"x\",\"size\":2,\"values\":[1,\"two\"]}",
            token("admin"));
    Map<String, Object> problem = assertProblem(response, 400);
    assertThat(fields(problem)).contains("values[1]");
  }

  @Test
  void failedValidationNamesEachField() throws Exception {
    var response = send("POST", "/probes", "{\"name\":\" \",\"size\":11}", token("admin"));
    Map<String, Object> problem = assertProblem(response, 400);
    assertThat(fields(problem)).containsExactlyInAnyOrder("name", "size");
  }

  @Test
  void anUnknownRouteIsA404AndAWrongMethodA405() throws Exception {
    assertProblem(send("GET", "/nothing-here", null, token("admin")), 404);
    assertProblem(send("DELETE", "/probes", null, token("admin")), 405);
  }

  @Test
  void noTokenIs401AndAMissingRoleIs403() throws Exception {
    assertProblem(send("POST", "/probes", "{\"name\":\"x\",\"size\":2}", null), 401);
    assertProblem(send("POST", "/probes", "{\"name\":\"x\",\"size\":2}", token("viewer")), 403);
  }

  @Test
  void aTokenSignedByAnotherKeyIs401() throws Exception {
    RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
    var refused = send("POST", "/probes", "{\"name\":\"x\",\"size\":2}", token(other, "admin"));
    assertProblem(refused, 401);
    assertThat(header(refused, "WWW-Authenticate"))
        .isEqualTo("Bearer realm=\"sac4cps\", error=\"invalid_token\"");
  }

  @Test
  void a401AsksForABearerTokenAndEveryProblemCarriesTheRequestId() throws Exception {
    var refused = send("POST", "/probes", "{\"name\":\"x\",\"size\":2}", null);
    Map<String, Object> problem = assertProblem(refused, 401);
    assertThat(header(refused, "WWW-Authenticate")).isEqualTo("Bearer realm=\"sac4cps\"");
    assertThat(problem)
        .containsEntry("type", "about:blank")
        .containsEntry("requestId", header(refused, "X-Request-Id"));
    assertThat((String) problem.get("requestId")).isNotBlank();
  }

  @Test
  void theCallersTenantComesFromTheToken() throws Exception {
    var response = send("POST", "/probes", "{\"name\":\"x\",\"size\":2}", token("operator"));
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(json.readValue(response.getBody(), Map.class)).containsEntry("tenantId", "tenant-a");
    assertThat(response.getHeaders()).containsKey("X-Request-Id");
  }

  @Test
  void aProblemExceptionKeepsItsStatusAndDetail() throws Exception {
    Map<String, Object> problem =
        assertProblem(send("GET", "/probes/p-9", null, token("viewer")), 404);
    assertThat(problem.get("detail")).isEqualTo("Probe 'p-9' was not found.");
  }

  @Test
  void anOversizedBodyIsA413BeforeAnythingParsesIt() throws Exception {
    String body = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"size\":2}";
    APIGatewayProxyRequestEvent event = event("POST", "/probes", body, token("admin"));
    event.getHeaders().put("Content-Length", String.valueOf(body.length()));
    assertProblem(handler.handleRequest(event, null), 413);
  }

  @Test
  void corsPreflightIsAnsweredForAnAllowedOriginOnly() {
    APIGatewayProxyRequestEvent preflight = event("OPTIONS", "/probes", null, null);
    preflight.getHeaders().put("Origin", "https://app.example.com");
    preflight.getHeaders().put("Access-Control-Request-Method", "POST");
    preflight.getHeaders().put("Access-Control-Request-Headers", "Authorization,Content-Type");
    var allowed = handler.handleRequest(preflight, null);
    assertThat(allowed.getStatusCode()).isEqualTo(200);
    assertThat(header(allowed, "Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
    assertThat(header(allowed, "Access-Control-Allow-Methods")).contains("POST");

    preflight.getHeaders().put("Origin", "https://evil.example.net");
    assertThat(header(handler.handleRequest(preflight, null), "Access-Control-Allow-Origin"))
        .isNull();
  }

  @Test
  void errorResponsesCarryCorsHeadersSoBrowsersCanReadThem() throws Exception {
    APIGatewayProxyRequestEvent event =
        event("POST", "/probes", "{\"name\":\"x\",\"size\":2}", null);
    event.getHeaders().put("Origin", "https://app.example.com");
    var response = handler.handleRequest(event, null);
    assertProblem(response, 401);
    assertThat(header(response, "Access-Control-Allow-Origin"))
        .isEqualTo("https://app.example.com");
  }

  @Test
  void healthNeedsNoToken() {
    var response = send("GET", "/health", null, null);
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getBody()).isEqualTo("{\"status\":\"UP\"}");
  }

  private static String token(String... roles) throws Exception {
    return token(key, roles);
  }

  private static String token(RSAKey signer, String... roles) throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject("user-1")
            .issuer(Tokens.LOCAL_ISSUER)
            .audience(Tokens.AUDIENCE)
            .expirationTime(Date.from(Instant.now().plusSeconds(300)))
            .claim("tenant", "tenant-a")
            .claim("roles", List.of(roles))
            .build();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }

  @Test
  void aSqlErrorIsA500WithTheRequestIdAndNothingOfTheSql() throws Exception {
    var event = event("GET", "/probes/failures/sql", null, token("viewer"));
    event.getHeaders().put("X-Request-Id", "req-sql-1");
    var response = handler.handleRequest(event, null);
    Map<String, Object> problem = assertProblem(response, 500);
    assertThat((String) problem.get("detail")).contains("req-sql-1");
    assertThat(header(response, "X-Request-Id")).isEqualTo("req-sql-1");
    assertThat(response.getBody()).doesNotContain("internal_table", "secret_column", "42P01");
  }

  @Test
  void anUnexpectedErrorIsA500ThatRevealsNothingInternal() throws Exception {
    Map<String, Object> problem =
        assertProblem(send("GET", "/probes/failures/bug", null, token("viewer")), 500);
    assertThat((String) problem.get("detail")).startsWith("An internal error occurred.");
    assertThat(problem.toString()).doesNotContain("invariant", "Secret");
  }

  @Test
  void aProblemCarriesItsHeaders() throws Exception {
    var response = send("GET", "/probes/failures/throttled", null, token("viewer"));
    Map<String, Object> problem = assertProblem(response, 429);
    assertThat(problem).containsEntry("detail", "Slow down.");
    assertThat(header(response, "Retry-After")).isEqualTo("42");
  }

  private static APIGatewayProxyResponseEvent send(
      String method, String path, String body, String token) {
    return handler.handleRequest(event(method, path, body, token), null);
  }

  private static APIGatewayProxyRequestEvent event(
      String method, String path, String body, String token) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    APIGatewayProxyRequestEvent event =
        new APIGatewayProxyRequestEvent()
            .withHttpMethod(method)
            .withPath(path)
            .withHeaders(headers)
            .withBody(body)
            .withRequestContext(
                new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("req-1"));
    return event;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> assertProblem(
      APIGatewayProxyResponseEvent response, int status) throws Exception {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
    assertThat(contentType(response)).startsWith(Problem.MEDIA_TYPE);
    Map<String, Object> problem = json.readValue(response.getBody(), Map.class);
    assertThat(problem).containsEntry("status", status).containsKeys("type", "title", "detail");
    assertThat(response.getBody()).doesNotContain("Exception", "at io.", "Source:");
    return problem;
  }

  private static String header(APIGatewayProxyResponseEvent response, String name) {
    if (response.getHeaders() != null && response.getHeaders().get(name) != null) {
      return response.getHeaders().get(name);
    }
    var values =
        response.getMultiValueHeaders() == null ? null : response.getMultiValueHeaders().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String contentType(APIGatewayProxyResponseEvent response) {
    if (response.getHeaders() != null && response.getHeaders().get("Content-Type") != null) {
      return response.getHeaders().get("Content-Type");
    }
    return response.getMultiValueHeaders().get("Content-Type").get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<String> fields(Map<String, Object> problem) {
    return ((List<Map<String, Object>>) problem.getOrDefault("errors", List.of()))
        .stream().map(e -> (String) e.get("field")).toList();
  }
}
