package io.sac4cps.notifications.events;

import static io.sac4cps.notifications.NotificationEvents.ALERTS_ARN;
import static io.sac4cps.notifications.NotificationEvents.IDENTITY_ARN;
import static io.sac4cps.notifications.NotificationsStack.token;
import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.notifications.NotificationEvents;
import io.sac4cps.notifications.NotificationsStack;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.lambda.SqsEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code notifications-inbox} consumer on real PostgreSQL and a real SMTP server: SNS-wrapped
 * user.registered and alert.raised events become inbox notifications, emails and event-log entries,
 * each exactly once under redelivery and concurrent consumers.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class InboxQueueIT {
  private static EmbeddedMailServer mail;
  private static NotificationsStack stack;
  private static Infrastructure infra;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    infra = infrastructure;
    mail = EmbeddedMailServer.start();
    stack = NotificationsStack.start(infrastructure, mail, Map.of());
  }

  @AfterAll
  static void stop() {
    stack.close();
    mail.close();
  }

  record Team(String tenant, String admin, String operator, String viewer) {
    String email(String user) {
      return user + "@example.com";
    }
  }

  private static Team team() {
    String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    Team team = new Team(tenant, "u-admin-" + tenant, "u-op-" + tenant, "u-view-" + tenant);
    ObjectNode admin =
        NotificationEvents.userRegistered(
            tenant, team.admin(), team.email(team.admin()), "Ada <b>Admin</b>", "admin");
    ObjectNode operator =
        NotificationEvents.userRegistered(
            tenant, team.operator(), team.email(team.operator()), "Otto", "operator");
    ObjectNode viewer =
        NotificationEvents.userRegistered(
            tenant, team.viewer(), team.email(team.viewer()), "Vera", "viewer");
    for (ObjectNode event : List.of(admin, operator, viewer)) {
      assertMatchesEventContract(event);
    }
    assertThat(stack.publish(IDENTITY_ARN, admin, operator, viewer).getBatchItemFailures())
        .isEmpty();
    return team;
  }

  private static ApiResponse inbox(Team team, String user, String role) {
    return stack.api().get("/notifications", token(team.tenant(), user, role));
  }

  @Test
  void aRegisteredUserIsWelcomedByEmailWithTheirNameEscapedInHtml() {
    Team team = team();

    List<EmbeddedMailServer.Mail> welcome =
        mail.await(m -> m.to().contains(team.email(team.admin())), 1, Duration.ofSeconds(5));

    assertThat(welcome).hasSize(1);
    assertThat(welcome.get(0).subject()).isEqualTo("Welcome to sac4cps, Ada <b>Admin</b>");
    assertThat(welcome.get(0).html())
        .contains("Ada &lt;b&gt;Admin&lt;/b&gt;")
        .doesNotContain("<b>Admin</b>");
    assertThat(welcome.get(0).text()).contains(team.email(team.admin())).contains("admin");
    ApiResponse inbox = inbox(team, team.admin(), "admin");
    assertThat(inbox.status()).isEqualTo(200);
    assertThat(inbox.json().get("items")).hasSize(1);
    assertThat(inbox.json().get("items").get(0).get("eventType").asText())
        .isEqualTo("user.registered.v1");
    assertThat(inbox.json().get("unreadCount").asInt()).isEqualTo(1);
  }

  @Test
  void anAlertReachesAdminsAndOperatorsInboxesAndAdminsByEmailOnly() {
    Team team = team();
    ObjectNode alert = NotificationEvents.alertRaised(team.tenant(), "room-42", 1250, 1000);
    assertMatchesEventContract(alert);

    assertThat(stack.publish(ALERTS_ARN, alert).getBatchItemFailures()).isEmpty();

    List<EmbeddedMailServer.Mail> alertMails =
        mail.await(
            m -> m.subject().startsWith("Alert:") && m.to().get(0).contains(team.tenant()),
            1,
            Duration.ofSeconds(5));
    assertThat(alertMails).hasSize(1);
    assertThat(alertMails.get(0).to()).containsExactly(team.email(team.admin()));
    assertThat(alertMails.get(0).subject()).isEqualTo("Alert: co2 above its limit in room room-42");
    assertThat(alertMails.get(0).text()).contains("1250 ppm").contains("1000 ppm");
    for (String[] user :
        List.of(new String[] {team.admin(), "admin"}, new String[] {team.operator(), "operator"})) {
      JsonNode items = inbox(team, user[0], user[1]).json().get("items");
      assertThat(items.get(0).get("eventType").asText()).isEqualTo("alert.raised.v1");
      assertThat(items.get(0).get("eventId").asText()).isEqualTo(alert.get("id").asText());
      assertThat(items.get(0).get("severity").asText()).isEqualTo("critical");
    }
    JsonNode viewerItems = inbox(team, team.viewer(), "viewer").json().get("items");
    assertThat(viewerItems).hasSize(1);
    assertThat(viewerItems.get(0).get("eventType").asText()).isEqualTo("user.registered.v1");
  }

  @Test
  void aRedeliveredMessageMakesNoSecondNotificationOrEmail() {
    Team team = team();
    ObjectNode alert = NotificationEvents.alertRaised(team.tenant(), "room-1", 1100, 1000);
    String body = NotificationEvents.snsBody(ALERTS_ARN, alert);

    stack.deliver(SqsEvents.message(body).build());
    stack.deliver(SqsEvents.message(body).receiveCount(2).build());
    // SNS may also deliver the same notification twice with a new message id.
    stack.publish(ALERTS_ARN, alert);

    assertThat(mail.await(m -> isAlertFor(m, team), 2, Duration.ofSeconds(2))).hasSize(1);
    JsonNode items = inbox(team, team.operator(), "operator").json().get("items");
    assertThat(items).hasSize(2);
    assertThat(
            stack
                .api()
                .get("/events?type=alert.raised.v1", token(team.tenant(), team.viewer(), "viewer"))
                .json()
                .get("items"))
        .hasSize(1);
  }

  @Test
  void concurrentConsumersOfTheSameEventDeliverItOnce() throws Exception {
    Team team = team();
    ObjectNode alert = NotificationEvents.alertRaised(team.tenant(), "room-2", 1500, 1000);
    String body = NotificationEvents.snsBody(ALERTS_ARN, alert);
    // A second Lambda instance: its own application context on the same database.
    try (NotificationsStack other = NotificationsStack.start(infra, mail, Map.of())) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Callable<Object>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        NotificationsStack target = i % 2 == 0 ? stack : other;
        calls.add(() -> target.deliver(SqsEvents.message(body).build()));
      }
      for (Future<Object> f : pool.invokeAll(calls)) {
        f.get();
      }
      pool.shutdown();
    }

    assertThat(mail.await(m -> isAlertFor(m, team), 2, Duration.ofSeconds(2))).hasSize(1);
    assertThat(inbox(team, team.admin(), "admin").json().get("items")).hasSize(2);
  }

  @Test
  void theEventLogIsTheTenantsOwnNewestFirstAndFiltersByType() {
    Team team = team();
    Team stranger = team();
    ObjectNode first = NotificationEvents.alertRaised(team.tenant(), "room-3", 1200, 1000);
    stack.publish(ALERTS_ARN, first);
    ObjectNode second = NotificationEvents.alertRaised(team.tenant(), "room-4", 1300, 1000);
    stack.publish(ALERTS_ARN, second);
    String viewer = token(team.tenant(), team.viewer(), "viewer");

    ApiResponse alerts = stack.api().get("/events?type=alert.raised.v1&limit=1", viewer);
    ApiResponse next =
        stack
            .api()
            .get(
                "/events?type=alert.raised.v1&limit=1&cursor="
                    + alerts.json().get("nextCursor").asText(),
                viewer);
    ApiResponse all = stack.api().get("/events", viewer);

    assertThat(alerts.status()).isEqualTo(200);
    assertThat(alerts.json().get("items").get(0).get("id").asText())
        .isEqualTo(second.get("id").asText());
    assertThat(next.json().get("items").get(0).get("id").asText())
        .isEqualTo(first.get("id").asText());
    assertThat(next.json().get("nextCursor").isNull()).isTrue();
    assertMatchesEventContract(alerts.json().get("items").get(0));
    assertThat(alerts.json().get("items").get(0).get("data")).isEqualTo(second.get("data"));
    assertThat(all.json().get("items")).hasSize(5);
    JsonNode strangers =
        stack
            .api()
            .get("/events", token(stranger.tenant(), stranger.admin(), "admin"))
            .json()
            .get("items");
    assertThat(strangers).hasSize(3);
    strangers.forEach(e -> assertThat(e.get("tenantid").asText()).isEqualTo(stranger.tenant()));
  }

  private static boolean isAlertFor(EmbeddedMailServer.Mail m, Team team) {
    return m.subject().startsWith("Alert:") && m.to().contains(team.email(team.admin()));
  }
}
