package io.sac4cps.identity;

import static io.sac4cps.identity.IdentityCalls.PASSWORD;
import static io.sac4cps.identity.IdentityCalls.uniqueEmail;
import static io.sac4cps.testkit.contract.ContractAssertions.assertMatchesContract;
import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.security.TestTokens;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** POST /auth/register through the real handler on PostgreSQL, and its user.registered.v1 event. */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class RegistrationIT {
  private static ApiFunction identity;
  private static IdentityCalls accounts;
  private static Infrastructure infrastructure;
  private static SqsQueue inbox;

  @BeforeAll
  static void start(Infrastructure embedded) {
    infrastructure = embedded;
    String topicArn = embedded.snsTopic("identity-events");
    inbox = embedded.queue("identity-inbox");
    embedded.subscribe(topicArn, inbox, Map.of("RawMessageDelivery", "true"));
    identity = IdentityCalls.function(embedded, topicArn).start();
    accounts = new IdentityCalls(identity);
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  @Test
  void aNewOrganizationIsANewTenantWhoseFirstUserIsItsAdmin() {
    String email = uniqueEmail("ada");

    ApiResponse reply = accounts.registerOrganization(email.toUpperCase(), "Acme Buildings");

    assertThat(reply.status()).isEqualTo(201);
    assertMatchesContract("POST", "/auth/register", reply.event());
    JsonNode user = reply.json();
    assertThat(user.path("email").asText()).isEqualTo(email);
    assertThat(user.path("roles")).extracting(JsonNode::asText).containsExactly("admin");
    assertThat(user.path("tenantId").asText()).isNotBlank();
    assertThat(user.path("id").asText()).isNotBlank();
    assertThat(reply.body()).doesNotContain(PASSWORD).doesNotContain("argon2");

    String other =
        accounts.registerOrganization(uniqueEmail("bob"), "Acme Buildings").text("tenantId");
    assertThat(other)
        .as("same name, another organisation")
        .isNotEqualTo(user.path("tenantId").asText());
  }

  @Test
  void anAdminAddsUsersToTheirOwnTenantWithRoles() {
    String adminEmail = uniqueEmail("admin");
    String tenantId = accounts.registerOrganization(adminEmail, "Acme").text("tenantId");
    String adminToken = accounts.login(adminEmail, PASSWORD).text("accessToken");

    ApiResponse operator =
        accounts.registerMember(adminToken, uniqueEmail("op"), List.of("operator", "viewer"));
    ApiResponse viewer = accounts.registerMember(adminToken, uniqueEmail("viewer"), null);

    assertThat(operator.status()).isEqualTo(201);
    assertThat(operator.text("tenantId")).isEqualTo(tenantId);
    assertThat(operator.json().path("roles"))
        .extracting(JsonNode::asText)
        .containsExactly("operator", "viewer");
    assertThat(viewer.text("tenantId")).isEqualTo(tenantId);
    assertThat(viewer.json().path("roles")).extracting(JsonNode::asText).containsExactly("viewer");
  }

  @Test
  void onlyAnAdminMayAddUsersAndAnInvalidTokenIsNotIgnored() {
    String adminToken = accounts.newAdminToken();
    String memberEmail = uniqueEmail("member");
    accounts.registerMember(adminToken, memberEmail, List.of("operator"));
    String operatorToken = accounts.login(memberEmail, PASSWORD).text("accessToken");

    ApiResponse byOperator =
        accounts.registerMember(operatorToken, uniqueEmail("x"), List.of("viewer"));
    assertThat(byOperator.status()).isEqualTo(403);
    assertThat(byOperator.header("Content-Type")).startsWith("application/problem+json");

    String expired =
        TestTokens.builder().roles("admin").expiresAt(Instant.now().minusSeconds(5)).sign();
    Map<String, Object> organization =
        Map.of(
            "email", uniqueEmail("y"), "password", PASSWORD, "name", "Y", "organization", "Y Corp");
    assertThat(identity.post("/auth/register", expired, organization).status()).isEqualTo(401);
  }

  @Test
  void namesEveryInvalidField() {
    ApiResponse reply =
        identity
            .violatingContract()
            .post(
                "/auth/register",
                null,
                Map.of("email", "not-an-email", "password", "short", "organization", "Acme"));

    assertThat(reply.status()).isEqualTo(400);
    assertMatchesContract("POST", "/auth/register", reply.event());
    assertThat(fieldErrors(reply))
        .containsEntry("email", "is not a valid email address")
        .containsEntry("password", "must be at least 12 characters")
        .containsEntry("name", "is required");
  }

  @Test
  void rolesNeedAnAdminAndAnAdminCannotFoundAnOrganization() {
    ApiResponse rolesWithoutToken =
        identity.post(
            "/auth/register",
            null,
            Map.of(
                "email",
                uniqueEmail("r"),
                "password",
                PASSWORD,
                "name",
                "R",
                "organization",
                "R Corp",
                "roles",
                List.of("admin")));
    assertThat(fieldErrors(rolesWithoutToken)).containsKey("roles");

    ApiResponse organizationWithToken =
        identity.post(
            "/auth/register",
            accounts.newAdminToken(),
            Map.of(
                "email",
                uniqueEmail("o"),
                "password",
                PASSWORD,
                "name",
                "O",
                "organization",
                "O Corp"));
    assertThat(fieldErrors(organizationWithToken)).containsKey("organization");

    ApiResponse deviceRole =
        accounts
            .violatingContract()
            .registerMember(accounts.newAdminToken(), uniqueEmail("d"), List.of("device"));
    assertThat(fieldErrors(deviceRole)).containsKey("roles");
  }

  @Test
  void refusesUnknownFields() {
    ApiResponse reply =
        identity
            .violatingContract()
            .post(
                "/auth/register",
                null,
                Map.of(
                    "email",
                    uniqueEmail("u"),
                    "password",
                    PASSWORD,
                    "name",
                    "U",
                    "organization",
                    "U Corp",
                    "isAdmin",
                    true));

    assertThat(reply.status()).isEqualTo(400);
  }

  @Test
  void anEmailHasOneAccountWhateverItsCase() {
    String email = uniqueEmail("twice");
    accounts.registerOrganization(email, "First");

    ApiResponse again = accounts.registerOrganization(email.toUpperCase(), "Second");

    assertThat(again.status()).isEqualTo(409);
    assertMatchesContract("POST", "/auth/register", again.event());
  }

  @Test
  void publishesUserRegisteredToIdentityEventsValidAgainstItsSchema() throws IOException {
    String email = uniqueEmail("evented");
    JsonNode user = accounts.registerOrganization(email, "Evented Ltd").json();

    JsonNode event = awaitEvent(user.path("id").asText());

    assertMatchesEventContract(event);
    assertThat(event.path("type").asText()).isEqualTo("user.registered.v1");
    assertThat(event.path("source").asText()).isEqualTo("/sac4cps/identity");
    assertThat(event.path("tenantid").asText()).isEqualTo(user.path("tenantId").asText());
    assertThat(event.path("data").path("email").asText()).isEqualTo(email);
    assertThat(event.path("data").path("roles"))
        .extracting(JsonNode::asText)
        .containsExactly("admin");
    assertThat(event.toString()).doesNotContain(PASSWORD);
  }

  private static JsonNode awaitEvent(String userId) throws IOException {
    List<String> seen = new ArrayList<>();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      for (Message message :
          infrastructure
              .sqsClient()
              .receiveMessage(
                  r -> r.queueUrl(inbox.url()).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        JsonNode event = IdentityCalls.JSON.readTree(message.body());
        if (event.path("subject").asText().equals(userId)) {
          return event;
        }
        seen.add(message.body());
      }
    }
    throw new AssertionError("no user.registered.v1 for " + userId + "; saw " + seen);
  }

  static Map<String, String> fieldErrors(ApiResponse reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    Map<String, String> errors = new java.util.LinkedHashMap<>();
    reply
        .json()
        .path("errors")
        .forEach(e -> errors.put(e.path("field").asText(), e.path("message").asText()));
    return errors;
  }
}
