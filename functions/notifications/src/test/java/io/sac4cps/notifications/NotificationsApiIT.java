package io.sac4cps.notifications;

import static io.sac4cps.notifications.NotificationsStack.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inbox, marking read and POST /notifications/send on real PostgreSQL and SMTP, every request
 * and answer checked against the contract.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class NotificationsApiIT {
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

  private static String tenant() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String register(NotificationsStack on, String tenant, String role) {
    String user = "u-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
    on.publish(
        NotificationEvents.IDENTITY_ARN,
        NotificationEvents.userRegistered(tenant, user, user + "@example.com", user, role));
    return user;
  }

  private static ApiResponse postEmpty(String path, String token) {
    return stack.api().send(ApiFunction.request("POST", path).bearer(token));
  }

  private static ApiResponse send(String tenant, String json) {
    return stack.api().post("/notifications/send", token(tenant, "u-sender", "operator"), json);
  }

  @Test
  void aSendReachesTheNamedUsersInboxAndMailAndAnswersEachDelivery() {
    String tenant = tenant();
    String alice = register(stack, tenant, "viewer");
    String bob = register(stack, tenant, "viewer");

    ApiResponse sent =
        send(
            tenant,
            "{\"to\":{\"userIds\":[\""
                + alice
                + "\"]},\"channels\":[\"email\",\"websocket\"],"
                + "\"title\":\"Fire drill\",\"body\":\"At 3 pm <today>\",\"severity\":\"warning\"}");

    assertThat(sent.status()).isEqualTo(202);
    JsonNode deliveries = sent.json().get("deliveries");
    assertThat(deliveries).hasSize(2);
    for (JsonNode d : deliveries) {
      assertThat(d.get("userId").asText()).isEqualTo(alice);
      if (d.get("channel").asText().equals("email")) {
        assertThat(d.get("status").asText()).isEqualTo("sent");
        assertThat(d.get("attempts").asInt()).isEqualTo(1);
      } else {
        assertThat(d.get("status").asText()).isEqualTo("skipped");
        assertThat(d.get("error").asText()).contains("no open WebSocket");
      }
    }
    List<EmbeddedMailServer.Mail> mails =
        mail.await(m -> m.subject().equals("Fire drill"), 1, Duration.ofSeconds(2)).stream()
            .filter(m -> m.to().contains(alice + "@example.com"))
            .toList();
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).html()).contains("At 3 pm &lt;today&gt;");
    JsonNode inbox =
        stack.api().get("/notifications", token(tenant, alice, "viewer")).json().get("items");
    assertThat(inbox.get(0).get("title").asText()).isEqualTo("Fire drill");
    assertThat(inbox.get(0).get("eventId").asText()).isEqualTo(sent.json().get("id").asText());
    JsonNode bobs =
        stack.api().get("/notifications", token(tenant, bob, "viewer")).json().get("items");
    assertThat(bobs).extracting(n -> n.get("title").asText()).doesNotContain("Fire drill");
  }

  @Test
  void aSendByRoleReachesOnlyUsersWithTheRole() {
    String tenant = tenant();
    String admin = register(stack, tenant, "admin");
    String viewer = register(stack, tenant, "viewer");

    ApiResponse sent =
        send(tenant, "{\"to\":{\"roles\":[\"admin\"]},\"title\":\"Admins\",\"body\":\"only\"}");

    assertThat(sent.json().get("deliveries"))
        .extracting(d -> d.get("userId").asText())
        .containsExactly(admin);
    assertThat(
            stack.api().get("/notifications", token(tenant, viewer, "viewer")).json().get("items"))
        .extracting(n -> n.get("title").asText())
        .doesNotContain("Admins");
  }

  @Test
  void aSendToAnotherTenantsUserIsRefusedWithoutRevealingThem() {
    String owner = tenant();
    String stranger = register(stack, owner, "viewer");

    ApiResponse refused =
        stack
            .api()
            .post(
                "/notifications/send",
                token(tenant(), "u-x", "admin"),
                "{\"to\":{\"userIds\":[\"" + stranger + "\"]},\"title\":\"x\",\"body\":\"y\"}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("to.userIds");
  }

  @Test
  void anEmailTheServerCannotTakeIsRetriedWithBackoffThenRecordedFailedWithTheReason()
      throws IOException {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    try (NotificationsStack broken =
        NotificationsStack.start(
            infra,
            mail,
            Map.of(
                "aws.services.ses.smtp.port",
                closedPort,
                "notifications.deliveries.backoff",
                "50ms"))) {
      String tenant = tenant();
      String user = register(broken, tenant, "operator");
      long started = System.nanoTime();

      ApiResponse sent =
          broken
              .api()
              .post(
                  "/notifications/send",
                  token(tenant, "u-admin", "admin"),
                  "{\"to\":{\"tenant\":true},\"channels\":[\"email\"],\"title\":\"t\",\"body\":\"b\"}");

      JsonNode delivery = sent.json().get("deliveries").get(0);
      assertThat(delivery.get("userId").asText()).isEqualTo(user);
      assertThat(delivery.get("status").asText()).isEqualTo("failed");
      assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
      assertThat(delivery.get("error").asText()).startsWith("SMTP:");
      // Two waits: 50 ms, then 200 ms.
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThan(Duration.ofMillis(250));
    }
  }

  @Test
  void emailsOverTheTenantsHourlyLimitAreRecordedLimitedNotSent() {
    try (NotificationsStack limited =
        NotificationsStack.start(infra, mail, Map.of("notifications.limits.email-per-hour", 5))) {
      // Three welcome emails and two of the three sends fit in the hour's five.
      String tenant = tenant();
      for (int i = 0; i < 3; i++) {
        register(limited, tenant, "viewer");
      }

      ApiResponse sent =
          limited
              .api()
              .post(
                  "/notifications/send",
                  token(tenant, "u-admin", "admin"),
                  "{\"to\":{\"tenant\":true},\"channels\":[\"email\"],\"title\":\"Limited\",\"body\":\"b\"}");

      assertThat(sent.json().get("deliveries"))
          .extracting(d -> d.get("status").asText())
          .containsExactlyInAnyOrder("sent", "sent", "limited");
      for (JsonNode d : sent.json().get("deliveries")) {
        if (d.get("status").asText().equals("limited")) {
          assertThat(d.get("error").asText())
              .isEqualTo("over the tenant's limit of 5 email per hour");
        }
      }
    }
  }

  @Test
  void theInboxPagesNewestFirstCountsUnreadAndMarksReadOneAndAll() {
    String tenant = tenant();
    String user = register(stack, tenant, "viewer");
    List<String> titles = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      titles.add("n" + i);
      send(
          tenant,
          "{\"to\":{\"userIds\":[\"" + user + "\"]},\"title\":\"n" + i + "\",\"body\":\"b\"}");
    }
    String me = token(tenant, user, "viewer");

    ApiResponse first = stack.api().get("/notifications?limit=2", me);
    ApiResponse second =
        stack
            .api()
            .get("/notifications?limit=2&cursor=" + first.json().get("nextCursor").asText(), me);

    assertThat(first.json().get("items"))
        .extracting(n -> n.get("title").asText())
        .containsExactly("n2", "n1");
    assertThat(second.json().get("items"))
        .extracting(n -> n.get("title").asText())
        .containsExactly("n0", "Welcome to sac4cps, " + user);
    assertThat(first.json().get("unreadCount").asInt()).isEqualTo(4);

    String id = first.json().get("items").get(0).get("id").asText();
    ApiResponse read = postEmpty("/notifications/" + id + "/read", me);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().get("readAt").isNull()).isFalse();
    ApiResponse unread = stack.api().get("/notifications?unread=true", me);
    assertThat(unread.json().get("unreadCount").asInt()).isEqualTo(3);
    assertThat(unread.json().get("items")).extracting(n -> n.get("id").asText()).doesNotContain(id);

    ApiResponse all = postEmpty("/notifications/read", me);
    assertThat(all.json().get("marked").asInt()).isEqualTo(3);
    assertThat(all.json().get("unreadCount").asInt()).isEqualTo(0);
    assertThat(stack.api().get("/notifications?unread=true", me).json().get("items")).isEmpty();
  }

  @Test
  void anotherUsersNotificationCannotBeMarkedRead() {
    String tenant = tenant();
    String owner = register(stack, tenant, "viewer");
    String id =
        stack
            .api()
            .get("/notifications", token(tenant, owner, "viewer"))
            .json()
            .get("items")
            .get(0)
            .get("id")
            .asText();

    assertThat(
            postEmpty("/notifications/" + id + "/read", token(tenant, "u-other", "admin")).status())
        .isEqualTo(404);
    assertThat(
            postEmpty("/notifications/" + id + "/read", token(tenant(), owner, "viewer")).status())
        .isEqualTo(404);
    assertThat(
            stack
                .api()
                .get("/notifications?unread=true", token(tenant, owner, "viewer"))
                .json()
                .get("unreadCount")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void aBadSendIsRefusedNamingEveryField() {
    ApiResponse refused =
        stack
            .api()
            .violatingContract()
            .post(
                "/notifications/send",
                token(tenant(), "u", "admin"),
                "{\"to\":{\"roles\":[\"device\"]},\"channels\":[\"pigeon\"],\"title\":\"\","
                    + "\"body\":\""
                    + "x".repeat(2001)
                    + "\"}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("errors"))
        .extracting(e -> e.get("field").asText())
        .contains("to.roles", "channels", "title", "body");
  }
}
