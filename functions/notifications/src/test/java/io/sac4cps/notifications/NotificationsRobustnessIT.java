package io.sac4cps.notifications;

import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.robustness.FunctionRobustness;
import io.sac4cps.testkit.robustness.RobustnessFixture;
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

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    mail = EmbeddedMailServer.start();
    stack = NotificationsStack.start(infrastructure, mail, Map.of());
    return stack.api();
  }

  @Override
  protected RobustnessFixture fixture(ApiFunction notifications) {
    return RobustnessFixture.of(
            NotificationsSecurityMatrixIT.callers(stack, notifications, TENANT_A, TENANT_B))
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
