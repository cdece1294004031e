package io.sac4cps.identity;

import static io.sac4cps.identity.IdentityCalls.ALLOWED_ORIGIN;
import static io.sac4cps.identity.IdentityCalls.PASSWORD;
import static io.sac4cps.identity.IdentityCalls.uniqueEmail;
import static io.sac4cps.testkit.contract.ContractAssertions.assertMatchesContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /users/me and GET /users within one tenant, and CORS for browser clients. */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class UsersAndCorsIT {
  private static ApiFunction identity;
  private static IdentityCalls accounts;
  private static Infrastructure infrastructure;

  @BeforeAll
  static void start(Infrastructure embedded) {
    infrastructure = embedded;
    identity =
        IdentityCalls.function(infrastructure, infrastructure.snsTopic("identity-events")).start();
    accounts = new IdentityCalls(identity);
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  @Test
  void anAdminPagesThroughTheUsersOfTheirOwnTenantOnly() {
    String adminEmail = uniqueEmail("admin");
    accounts.registerOrganization(adminEmail, "Pager Inc");
    String adminToken = accounts.login(adminEmail, PASSWORD).text("accessToken");
    List<String> expected = new ArrayList<>(List.of(adminEmail));
    for (int i = 0; i < 4; i++) {
      String email = uniqueEmail("member" + i);
      accounts.registerMember(adminToken, email, List.of("viewer"));
      expected.add(email);
    }
    String strangerToken = accounts.newAdminToken();

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ApiGatewayEvents.Request request =
          ApiGatewayEvents.request("GET", "/users").query("limit", "2").bearer(adminToken);
      if (cursor != null) {
        request.query("cursor", cursor);
      }
      ApiResponse page = identity.send(request);
      assertThat(page.status()).isEqualTo(200);
      assertMatchesContract("GET", "/users", page.event());
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
    String adminToken = accounts.newAdminToken();

    ApiResponse badCursor =
        identity.send(
            ApiGatewayEvents.request("GET", "/users").query("cursor", "bm9wZQ").bearer(adminToken));
    ApiResponse badLimit =
        identity
            .violatingContract()
            .send(
                ApiGatewayEvents.request("GET", "/users")
                    .query("limit", "1000")
                    .bearer(adminToken));

    assertThat(badCursor.status()).isEqualTo(400);
    assertThat(badLimit.status()).isEqualTo(400);
    assertMatchesContract("GET", "/users", badLimit.event());
  }

  @Test
  void meIsTheCallerWithTheirOrganization() {
    String email = uniqueEmail("me");
    JsonNode registered = accounts.registerOrganization(email, "Me & Co").json();

    ApiResponse me = identity.get("/users/me", accounts.login(email, PASSWORD).text("accessToken"));

    assertThat(me.status()).isEqualTo(200);
    assertMatchesContract("GET", "/users/me", me.event());
    assertThat(me.text("id")).isEqualTo(registered.path("id").asText());
    assertThat(me.text("organization")).isEqualTo("Me & Co");
    assertThat(me.text("createdAt")).endsWith("Z");
    assertThat(me.body()).doesNotContain("password").doesNotContain("argon2");
  }

  @Test
  void answersABrowserPreflightFromAnAllowedOriginOnly() {
    ApiResponse allowed = preflight(ALLOWED_ORIGIN);
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
    assertThat(allowed.header("Access-Control-Allow-Methods")).contains("POST");
    assertThat(allowed.header("Access-Control-Allow-Headers").toLowerCase())
        .contains("authorization");

    ApiResponse other = preflight("https://evil.example");
    assertThat(other.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void errorResponsesCarryCorsHeadersSoBrowsersCanReadThem() {
    ApiResponse unauthorized =
        identity
            .violatingContract()
            .send(ApiGatewayEvents.request("GET", "/users/me").header("Origin", ALLOWED_ORIGIN));

    assertThat(unauthorized.status()).isEqualTo(401);
    assertThat(unauthorized.header("Content-Type")).startsWith("application/problem+json");
    assertThat(unauthorized.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
  }

  @Test
  void allowsNoOriginWhenNoneIsConfigured() {
    try (ApiFunction unconfigured =
        IdentityCalls.function(infrastructure, infrastructure.snsTopic("unconfigured"))
            .without("sac4cps.cors.allowed-origins")
            .start()) {
      ApiResponse reply = preflight(unconfigured, ALLOWED_ORIGIN);
      assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
    }
  }

  private static ApiResponse preflight(String origin) {
    return preflight(identity, origin);
  }

  private static ApiResponse preflight(ApiFunction identity, String origin) {
    return identity
        .outsideContract()
        .send(
            ApiGatewayEvents.request("OPTIONS", "/auth/login")
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type"));
  }
}
