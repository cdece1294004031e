package io.sac4cps.notifications;

import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.robustness.FunctionRobustness;
import io.sac4cps.testkit.robustness.RobustnessFixture;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * Every notifications operation and field of contracts/openapi.yaml with generated bad and boundary
 * input (ContractRobustness): a new route or field is covered without touching this class.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class NotificationsRobustnessIT extends FunctionRobustness {
  private static final String TENANT_A = "tenant-a-" + UUID.randomUUID();
  private static final String TENANT_B = "tenant-b-" + UUID.randomUUID();
  private static EmbeddedMailServer mail;
  private NotificationsStack stack;

  NotificationsRobustnessIT() {
    super("notifications");
  }

  private static String user(String tenant) {
    return "robust-user-" + tenant;
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    mail = EmbeddedMailServer.start();
    stack = NotificationsStack.start(infrastructure, mail, Map.of());
    return stack.api();
  }

  @Override
  protected RobustnessFixture fixture(ApiFunction notifications) {
    stack.publish(
        NotificationEvents.IDENTITY_ARN,
        NotificationEvents.userRegistered(
            TENANT_A, user(TENANT_A), "robust@example.com", "Robust", "admin"));
    String inboxed =
        notifications
            .get("/notifications", NotificationsStack.token(TENANT_A, user(TENANT_A), "viewer"))
            .json()
            .get("items")
            .get(0)
            .get("id")
            .asText();
    String send =
        "{\"to\":{\"userIds\":[\"" + user(TENANT_A) + "\"]},\"title\":\"Hi\",\"body\":\"Robust\"}";
    return RobustnessFixture.of(
            MatrixFixture.builder(TENANT_A, TENANT_B)
                .tokens((tenant, role) -> TestTokens.token(user(tenant), tenant, role))
                .pathParameters(Map.of("id", inboxed))
                .body("sendNotification", () -> send)
                .body("putNotificationPreferences", () -> "{\"timeZone\":\"Europe/Berlin\"}")
                .build())
        // Documented: a send names recipients of the tenant (unknown ones are refused), a time
        // zone must be an IANA zone and quiet hours need both ends.
        .domainRule("sendNotification", "to.userIds", "to.userIds[]", "to.roles", "to.tenant")
        .domainRule("putNotificationPreferences", "timeZone", "quietHours.start", "quietHours.end")
        .build();
  }

  @AfterAll
  static void stopMail() {
    if (mail != null) {
      mail.close();
    }
  }
}
