package io.sac4cps.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sac4cps.platform.keys.SigningKeyRing;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * identity's configuration in a test class, and the calls its ITs make again and again (a new
 * organisation, a member, a login), sent through the test kit's {@link ApiFunction}.
 */
final class IdentityCalls {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ALLOWED_ORIGIN = "https://app.sac4cps.example";
  static final String PASSWORD = "correct horse battery staple";

  private final ApiFunction identity;

  IdentityCalls(ApiFunction identity) {
    this.identity = identity;
  }

  /**
   * identity as a test class runs it: its database and SNS topic, a signing key shared by every
   * instance started from the builder, the test kit's tokens trusted as well (for the security
   * matrix), a cheaper Argon2id cost than production's to keep the suite fast (the production cost
   * is covered by PasswordHasherTest), and one allowed CORS origin.
   */
  static ApiFunction.Builder function(Infrastructure infrastructure, String topicArn) {
    return ApiFunction.builder("identity")
        .properties(infrastructure.properties())
        .property("sac4cps.identity.signing-key", SigningKeyRing.generate().toJson())
        .property("sac4cps.sns.topic-arns.identity-events", topicArn)
        .property("sac4cps.identity.argon2.memory-kib", 8192)
        .property("sac4cps.identity.argon2.iterations", 1)
        .property("sac4cps.cors.allowed-origins", ALLOWED_ORIGIN);
  }

  /** The same calls with requests the contract forbids on purpose. */
  IdentityCalls violatingContract() {
    return new IdentityCalls(identity.violatingContract());
  }

  /** A new organisation; returns the 201 reply. */
  ApiResponse registerOrganization(String email, String organization) {
    return identity.post(
        "/auth/register",
        null,
        Map.of(
            "email",
            email,
            "password",
            PASSWORD,
            "name",
            "Ada Lovelace",
            "organization",
            organization));
  }

  ApiResponse registerMember(String adminToken, String email, List<String> roles) {
    Map<String, Object> body = new HashMap<>();
    body.put("email", email);
    body.put("password", PASSWORD);
    body.put("name", "Grace Hopper");
    if (roles != null) {
      body.put("roles", roles);
    }
    return identity.post("/auth/register", adminToken, body);
  }

  ApiResponse login(String email, String password) {
    return identity.post("/auth/login", null, Map.of("email", email, "password", password));
  }

  /** POST /auth/login from a client address of the caller's choosing. */
  ApiResponse loginFrom(String address, String email, String password) {
    return identity.send(
        ApiFunction.request("POST", "/auth/login")
            .sourceIp(address)
            .json(json(Map.of("email", email, "password", password))));
  }

  /** Access token of a new organisation's admin. */
  String newAdminToken() {
    String email = uniqueEmail("admin");
    registerOrganization(email, "Org " + email);
    return login(email, PASSWORD).text("accessToken");
  }

  /** POST /auth/token with a form-encoded body, as OAuth clients send it. */
  ApiResponse tokenForm(Map<String, String> form, String authorization) {
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
    return identity.send(request);
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
}
