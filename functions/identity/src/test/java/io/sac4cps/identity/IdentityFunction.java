package io.sac4cps.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.identity.token.SigningKeys;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.security.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * identity's real Lambda handler on the test class's embedded PostgreSQL and SNS, fed API Gateway
 * REST proxy events. Two instances on the same configuration behave like two Lambda instances.
 */
final class IdentityFunction implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ALLOWED_ORIGIN = "https://app.sac4cps.example";
  static final String PASSWORD = "correct horse battery staple";

  /** A response with its headers (case-insensitive) and parsed JSON body. */
  record Reply(int status, Map<String, String> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String text(String field) {
      return json().path(field).asText();
    }

    String header(String name) {
      return headers.get(name);
    }
  }

  private final ApplicationContext context;
  private final ApiGatewayProxyRequestEventFunction handler;
  private final LocalLambdaContext lambdaContext = LocalLambdaContext.of("identity");

  IdentityFunction(Map<String, Object> configuration) {
    this.context = ApplicationContext.builder().properties(configuration).start();
    this.handler = new ApiGatewayProxyRequestEventFunction(context);
  }

  /**
   * The configuration of identity in a test class: its database and SNS topic, a signing key shared
   * by every instance, the test kit's tokens trusted as well (for the security matrix), a cheaper
   * Argon2id cost than production's to keep the suite fast (the production cost is covered by
   * PasswordHasherTest), and one allowed CORS origin.
   */
  static Map<String, Object> configuration(Infrastructure infrastructure, String topicArn) {
    Map<String, Object> configuration = new HashMap<>(infrastructure.properties());
    configuration.putAll(TestTokens.configuration());
    configuration.put("sac4cps.identity.signing-key", SigningKeys.generate().toJSONString());
    configuration.put("sac4cps.sns.topic-arns.identity-events", topicArn);
    configuration.put("sac4cps.identity.argon2.memory-kib", 8192);
    configuration.put("sac4cps.identity.argon2.iterations", 1);
    configuration.put("sac4cps.cors.allowed-origins", ALLOWED_ORIGIN);
    return configuration;
  }

  ApiGatewayProxyRequestEventFunction handler() {
    return handler;
  }

  Reply send(ApiGatewayEvents.Request request) {
    APIGatewayProxyResponseEvent response = handler.handleRequest(request.build(), lambdaContext);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (response.getHeaders() != null) {
      headers.putAll(response.getHeaders());
    }
    if (response.getMultiValueHeaders() != null) {
      response
          .getMultiValueHeaders()
          .forEach((name, values) -> headers.put(name, String.join(",", values)));
    }
    return new Reply(response.getStatusCode(), headers, response.getBody());
  }

  Reply post(String resource, Object body, String token) {
    ApiGatewayEvents.Request request = ApiGatewayEvents.request("POST", resource).json(json(body));
    if (token != null) {
      request.bearer(token);
    }
    return send(request);
  }

  Reply get(String resource, String token) {
    ApiGatewayEvents.Request request = ApiGatewayEvents.request("GET", resource);
    if (token != null) {
      request.bearer(token);
    }
    return send(request);
  }

  /** A new organisation; returns the 201 reply. */
  Reply registerOrganization(String email, String organization) {
    return post(
        "/auth/register",
        Map.of(
            "email",
            email,
            "password",
            PASSWORD,
            "name",
            "Ada Lovelace",
            "organization",
            organization),
        null);
  }

  Reply registerMember(String adminToken, String email, List<String> roles) {
    Map<String, Object> body = new HashMap<>();
    body.put("email", email);
    body.put("password", PASSWORD);
    body.put("name", "Grace Hopper");
    if (roles != null) {
      body.put("roles", roles);
    }
    return post("/auth/register", body, adminToken);
  }

  Reply login(String email, String password) {
    return post("/auth/login", Map.of("email", email, "password", password), null);
  }

  /** Access token of a new organisation's admin. */
  String newAdminToken() {
    String email = uniqueEmail("admin");
    registerOrganization(email, "Org " + email);
    return login(email, PASSWORD).text("accessToken");
  }

  /** POST /auth/token with a form-encoded body, as OAuth clients send it. */
  Reply tokenForm(Map<String, String> form, String authorization) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    ApiGatewayEvents.Request request =
        ApiGatewayEvents.request("POST", "/auth/token")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request);
  }

  static String uniqueEmail(String who) {
    return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  static String json(Object body) {
    try {
      return body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  @Override
  public void close() {
    handler.close();
  }
}
