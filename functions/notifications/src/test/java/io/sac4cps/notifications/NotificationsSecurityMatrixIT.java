package io.sac4cps.notifications;

import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.security.matrix.FunctionSecurityMatrix;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * Every notifications operation of contracts/openapi.yaml against every kind of wrong caller. The
 * callers of a tenant are one user with each role in turn, so the notification the path names is in
 * their inbox; tenant B's user gets 404 for it.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class NotificationsSecurityMatrixIT extends FunctionSecurityMatrix {
  private static final String TENANT_A = "tenant-a-" + UUID.randomUUID();
  private static final String TENANT_B = "tenant-b-" + UUID.randomUUID();
  private static EmbeddedMailServer mail;
  private NotificationsStack stack;

  NotificationsSecurityMatrixIT() {
    super("notifications");
  }

  private static String user(String tenant) {
    return "matrix-user-" + tenant;
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    mail = EmbeddedMailServer.start();
    stack = NotificationsStack.start(infrastructure, mail, Map.of());
    return stack.api();
  }

  @Override
  protected MatrixFixture fixture(ApiFunction notifications) {
    return callers(stack, notifications, TENANT_A, TENANT_B);
  }

  /**
   * One user a tenant, with each role in turn; tenant A's has a notification in the inbox, which
   * the path names. NotificationsRobustnessIT's callers too.
   */
  static MatrixFixture callers(
      NotificationsStack stack, ApiFunction notifications, String tenantA, String tenantB) {
    stack.publish(
        NotificationEvents.IDENTITY_ARN,
        NotificationEvents.userRegistered(
            tenantA, user(tenantA), "matrix@example.com", "Matrix", "admin"));
    String inboxed =
        notifications
            .get("/notifications", NotificationsStack.token(tenantA, user(tenantA), "viewer"))
            .json()
            .get("items")
            .get(0)
            .get("id")
            .asText();
    String send =
        "{\"to\":{\"userIds\":[\"" + user(tenantA) + "\"]},\"title\":\"Hi\",\"body\":\"Matrix\"}";
    return MatrixFixture.builder(tenantA, tenantB)
        .tokens((tenant, role) -> TestTokens.token(user(tenant), tenant, role))
        .pathParameters(Map.of("id", inboxed))
        .body("sendNotification", () -> send)
        .body("putNotificationPreferences", () -> "{\"timeZone\":\"Europe/Berlin\"}")
        .build();
  }

  @AfterAll
  static void stopMail() {
    mail.close();
  }
}
