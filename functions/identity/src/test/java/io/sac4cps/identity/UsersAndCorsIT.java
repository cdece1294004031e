package io.sac4cps.identity;

import static io.sac4cps.identity.IdentityFunction.ALLOWED_ORIGIN;
import static io.sac4cps.identity.IdentityFunction.PASSWORD;
import static io.sac4cps.identity.IdentityFunction.uniqueEmail;
import static io.sac4cps.identity.RegistrationIT.response;
import static io.sac4cps.testkit.contract.ContractAssertions.assertMatchesContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.identity.IdentityFunction.Reply;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /users/me and GET /users within one tenant, and CORS for browser clients. */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class UsersAndCorsIT {
  private static IdentityFunction identity;
  private static Infrastructure infrastructure;

  @BeforeAll
  static void start(Infrastructure embedded) {
    infrastructure = embedded;
    identity =
        new IdentityFunction(
            IdentityFunction.configuration(
                infrastructure, infrastructure.snsTopic("identity-events")));
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  @Test
  void anAdminPagesThroughTheUsersOfTheirOwnTenantOnly() {
    String adminEmail = uniqueEmail("admin");
    identity.registerOrganization(adminEmail, "Pager Inc");
    String adminToken = identity.login(adminEmail, PASSWORD).text("accessToken");
    List<String> expected = new ArrayList<>(List.of(adminEmail));
    for (int i = 0; i < 4; i++) {
      String email = uniqueEmail("member" + i);
      identity.registerMember(adminToken, email, List.of("viewer"));
      expected.add(email);
    }
    String strangerToken = identity.newAdminToken();

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ApiGatewayEvents.Request request =
          ApiGatewayEvents.request("GET", "/users").query("limit", "2").bearer(adminToken);
      if (cursor != null) {
        request.query("cursor", cursor);
      }
      Reply page = identity.send(request);
      assertThat(page.status()).isEqualTo(200);
      assertMatchesContract("GET", "/users", response(page));
      page.json().path("items").forEach(user -> seen.add(user.path("email").asText()));
      cursor = page.json().path("nextCursor").isNull() ? null : page.text("nextCursor");
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(3);

    JsonNode strangers = identity.get("/users", strangerToken).json().path("items");
    assertThat(strangers).hasSize(1);
    assertThat(strangers.toString()).doesNotContain(adminEmail);
  }

  @Test
  void refusesACursorItDidNotIssueAndAnOutOfRangeLimit() {
    String adminToken = identity.newAdminToken();

    Reply badCursor =
        identity.send(
            ApiGatewayEvents.request("GET", "/users").query("cursor", "bm9wZQ").bearer(adminToken));
    Reply badLimit =
        identity.send(
            ApiGatewayEvents.request("GET", "/users").query("limit", "1000").bearer(adminToken));

    assertThat(badCursor.status()).isEqualTo(400);
    assertThat(badLimit.status()).isEqualTo(400);
    assertMatchesContract("GET", "/users", response(badLimit));
  }

  @Test
  void meIsTheCallerWithTheirOrganization() {
    String email = uniqueEmail("me");
    JsonNode registered = identity.registerOrganization(email, "Me & Co").json();

    Reply me = identity.get("/users/me", identity.login(email, PASSWORD).text("accessToken"));

    assertThat(me.status()).isEqualTo(200);
    assertMatchesContract("GET", "/users/me", response(me));
    assertThat(me.text("id")).isEqualTo(registered.path("id").asText());
    assertThat(me.text("organization")).isEqualTo("Me & Co");
    assertThat(me.text("createdAt")).endsWith("Z");
    assertThat(me.body()).doesNotContain("password").doesNotContain("argon2");
  }

  @Test
  void answersABrowserPreflightFromAnAllowedOriginOnly() {
    Reply allowed = preflight(ALLOWED_ORIGIN);
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
    assertThat(allowed.header("Access-Control-Allow-Methods")).contains("POST");
    assertThat(allowed.header("Access-Control-Allow-Headers").toLowerCase())
        .contains("authorization");

    Reply other = preflight("https://evil.example");
    assertThat(other.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void errorResponsesCarryCorsHeadersSoBrowsersCanReadThem() {
    Reply unauthorized =
        identity.send(
            ApiGatewayEvents.request("GET", "/users/me").header("Origin", ALLOWED_ORIGIN));

    assertThat(unauthorized.status()).isEqualTo(401);
    assertThat(unauthorized.header("Content-Type")).startsWith("application/problem+json");
    assertThat(unauthorized.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
  }

  @Test
  void allowsNoOriginWhenNoneIsConfigured() {
    Map<String, Object> configuration =
        new HashMap<>(
            IdentityFunction.configuration(
                infrastructure, infrastructure.snsTopic("unconfigured")));
    configuration.remove("sac4cps.cors.allowed-origins");
    try (IdentityFunction unconfigured = new IdentityFunction(configuration)) {
      Reply reply = preflight(unconfigured, ALLOWED_ORIGIN);
      assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
    }
  }

  private static Reply preflight(String origin) {
    return preflight(identity, origin);
  }

  private static Reply preflight(IdentityFunction identity, String origin) {
    return identity.send(
        ApiGatewayEvents.request("OPTIONS", "/auth/login")
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization,content-type"));
  }
}
