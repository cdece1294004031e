package io.sac4cps.identity;

import static io.sac4cps.identity.IdentityFunction.PASSWORD;
import static io.sac4cps.identity.IdentityFunction.uniqueEmail;
import static io.sac4cps.testkit.contract.ContractAssertions.assertMatchesContract;
import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.identity.IdentityFunction.Reply;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
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
  private static IdentityFunction identity;
  private static Infrastructure infrastructure;
  private static SqsQueue inbox;

  @BeforeAll
  static void start(Infrastructure embedded) {
    infrastructure = embedded;
    String topicArn = embedded.snsTopic("identity-events");
    inbox = embedded.queue("identity-inbox");
    embedded.subscribe(topicArn, inbox, Map.of("RawMessageDelivery", "true"));
    identity = new IdentityFunction(IdentityFunction.configuration(embedded, topicArn));
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  @Test
  void aNewOrganizationIsANewTenantWhoseFirstUserIsItsAdmin() {
    String email = uniqueEmail("ada");

    Reply reply = identity.registerOrganization(email.toUpperCase(), "Acme Buildings");

    assertThat(reply.status()).isEqualTo(201);
    assertMatchesContract("POST", "/auth/register", response(reply));
    JsonNode user = reply.json();
    assertThat(user.path("email").asText()).isEqualTo(email);
    assertThat(user.path("roles")).extracting(JsonNode::asText).containsExactly("admin");
    assertThat(user.path("tenantId").asText()).isNotBlank();
    assertThat(user.path("id").asText()).isNotBlank();
    assertThat(reply.body()).doesNotContain(PASSWORD).doesNotContain("argon2");

    String other =
        identity.registerOrganization(uniqueEmail("bob"), "Acme Buildings").text("tenantId");
    assertThat(other)
        .as("same name, another organisation")
        .isNotEqualTo(user.path("tenantId").asText());
  }

  @Test
  void anAdminAddsUsersToTheirOwnTenantWithRoles() {
    String adminEmail = uniqueEmail("admin");
    String tenantId = identity.registerOrganization(adminEmail, "Acme").text("tenantId");
    String adminToken = identity.login(adminEmail, PASSWORD).text("accessToken");

    Reply operator =
        identity.registerMember(adminToken, uniqueEmail("op"), List.of("operator", "viewer"));
    Reply viewer = identity.registerMember(adminToken, uniqueEmail("viewer"), null);

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
    String adminToken = identity.newAdminToken();
    String memberEmail = uniqueEmail("member");
    identity.registerMember(adminToken, memberEmail, List.of("operator"));
    String operatorToken = identity.login(memberEmail, PASSWORD).text("accessToken");

    Reply byOperator = identity.registerMember(operatorToken, uniqueEmail("x"), List.of("viewer"));
    assertThat(byOperator.status()).isEqualTo(403);
    assertThat(byOperator.header("Content-Type")).startsWith("application/problem+json");

    String expired =
        TestTokens.builder().roles("admin").expiresAt(Instant.now().minusSeconds(5)).sign();
    Map<String, Object> organization =
        Map.of(
            "email", uniqueEmail("y"), "password", PASSWORD, "name", "Y", "organization", "Y Corp");
    assertThat(identity.post("/auth/register", organization, expired).status()).isEqualTo(401);
  }

  @Test
  void namesEveryInvalidField() {
    Reply reply =
        identity.post(
            "/auth/register",
            Map.of("email", "not-an-email", "password", "short", "organization", "Acme"),
            null);

    assertThat(reply.status()).isEqualTo(400);
    assertMatchesContract("POST", "/auth/register", response(reply));
    assertThat(fieldErrors(reply))
        .containsEntry("email", "is not a valid email address")
        .containsEntry("password", "must be at least 12 characters")
        .containsEntry("name", "is required");
  }

  @Test
  void rolesNeedAnAdminAndAnAdminCannotFoundAnOrganization() {
    Reply rolesWithoutToken =
        identity.post(
            "/auth/register",
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
                List.of("admin")),
            null);
    assertThat(fieldErrors(rolesWithoutToken)).containsKey("roles");

    Reply organizationWithToken =
        identity.post(
            "/auth/register",
            Map.of(
                "email",
                uniqueEmail("o"),
                "password",
                PASSWORD,
                "name",
                "O",
                "organization",
                "O Corp"),
            identity.newAdminToken());
    assertThat(fieldErrors(organizationWithToken)).containsKey("organization");

    Reply deviceRole =
        identity.registerMember(identity.newAdminToken(), uniqueEmail("d"), List.of("device"));
    assertThat(fieldErrors(deviceRole)).containsKey("roles");
  }

  @Test
  void refusesUnknownFields() {
    Reply reply =
        identity.post(
            "/auth/register",
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
                true),
            null);

    assertThat(reply.status()).isEqualTo(400);
  }

  @Test
  void anEmailHasOneAccountWhateverItsCase() {
    String email = uniqueEmail("twice");
    identity.registerOrganization(email, "First");

    Reply again = identity.registerOrganization(email.toUpperCase(), "Second");

    assertThat(again.status()).isEqualTo(409);
    assertMatchesContract("POST", "/auth/register", response(again));
  }

  @Test
  void publishesUserRegisteredToIdentityEventsValidAgainstItsSchema() throws IOException {
    String email = uniqueEmail("evented");
    JsonNode user = identity.registerOrganization(email, "Evented Ltd").json();

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
        JsonNode event = IdentityFunction.JSON.readTree(message.body());
        if (event.path("subject").asText().equals(userId)) {
          return event;
        }
        seen.add(message.body());
      }
    }
    throw new AssertionError("no user.registered.v1 for " + userId + "; saw " + seen);
  }

  static Map<String, String> fieldErrors(Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    Map<String, String> errors = new java.util.LinkedHashMap<>();
    reply
        .json()
        .path("errors")
        .forEach(e -> errors.put(e.path("field").asText(), e.path("message").asText()));
    return errors;
  }

  static com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent response(
      Reply reply) {
    return new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent()
        .withStatusCode(reply.status())
        .withHeaders(Map.copyOf(reply.headers()))
        .withBody(reply.body());
  }
}
