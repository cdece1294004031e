package io.sac4cps.notifications.live;

import static io.sac4cps.notifications.NotificationsStack.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.transaction.TransactionOperations;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.embedded.LocalWebSocketApi;
import io.sac4cps.notifications.DeliverySpans;
import io.sac4cps.notifications.NotificationEvents;
import io.sac4cps.notifications.NotificationsStack;
import io.sac4cps.notifications.domain.Connection;
import io.sac4cps.notifications.store.ConnectionStore;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.security.TestTokens;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live notifications through a WebSocket API (platform-embedded's stand-in for API Gateway's, with
 * its {@code @connections} endpoint) and real WebSocket clients: the handler stores connections at
 * $connect, an alert reaches every tab of the tenant's admins and operators and no other tenant's,
 * a connection that answers 410 is removed while the others get the message, and client messages
 * are answered.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class LiveNotificationsIT {
  private static final Duration SOON = Duration.ofSeconds(5);
  private static EmbeddedMailServer mail;
  private static NotificationsStack stack;
  private static LocalWebSocketApi gateway;
  private static final InMemorySpanExporter spans = InMemorySpanExporter.create();

  @BeforeAll
  static void start(Infrastructure infrastructure) throws Exception {
    mail = EmbeddedMailServer.start();
    var verifier = new RSASSAVerifier(JWKSet.parse(TestTokens.jwks()).getKeys().get(0).toRSAKey());
    AtomicReference<NotificationsWebSocketHandler> handler = new AtomicReference<>();
    gateway =
        LocalWebSocketApi.builder(
                (headers, query, id) -> {
                  // As the authorizer (decision 0017): "bearer, <token>" in the subprotocols.
                  String[] offered = headers.getOrDefault("Sec-WebSocket-Protocol", "").split(",");
                  if (offered.length != 2 || !offered[0].strip().equals("bearer")) {
                    return Optional.empty();
                  }
                  try {
                    SignedJWT jwt = SignedJWT.parse(offered[1].strip());
                    if (!jwt.verify(verifier)) {
                      return Optional.empty();
                    }
                    var claims = jwt.getJWTClaimsSet();
                    return Optional.of(
                        Map.of(
                            "tenantId", claims.getStringClaim("tenant"),
                            "roles", String.join(",", claims.getStringListClaim("roles")),
                            "sub", claims.getSubject()));
                  } catch (Exception e) {
                    return Optional.empty();
                  }
                },
                event -> handler.get().handleRequest(event, LocalLambdaContext.of("notifications")))
            .start();
    stack =
        NotificationsStack.start(
            infrastructure,
            mail,
            Map.of("sac4cps.websocket.callback-url", gateway.callbackUrl().toString()),
            spans);
    handler.set(new NotificationsWebSocketHandler(stack.api().context()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    stack.close();
    mail.close();
  }

  record Team(String tenant, String admin, String operator, String viewer) {}

  private static Team team() {
    String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    Team team = new Team(tenant, "u-a-" + tenant, "u-o-" + tenant, "u-v-" + tenant);
    stack.publish(
        NotificationEvents.IDENTITY_ARN,
        NotificationEvents.userRegistered(
            tenant, team.admin(), team.admin() + "@example.com", "A", "admin"),
        NotificationEvents.userRegistered(
            tenant, team.operator(), team.operator() + "@example.com", "O", "operator"),
        NotificationEvents.userRegistered(
            tenant, team.viewer(), team.viewer() + "@example.com", "V", "viewer"));
    return team;
  }

  private static LiveClient tab(String tenant, String user, String role) {
    return LiveClient.connect(gateway.webSocketUri(), token(tenant, user, role));
  }

  /** The push's span: under the consumer span, with no connection id, user or token in it. */
  @Test
  void aPushIsSentInASpanUnderTheConsumerSpanWithoutTheConnectionIdOrToken() throws Exception {
    String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    String admin = "u-a-" + tenant;
    stack.publish(
        NotificationEvents.IDENTITY_ARN,
        NotificationEvents.userRegistered(tenant, admin, admin + "@example.com", "A", "admin"));
    String token = token(tenant, admin, "admin");
    List<String> before = gateway.connectionIds();
    try (LiveClient tab = LiveClient.connect(gateway.webSocketUri(), token)) {
      stack.publish(
          NotificationEvents.ALERTS_ARN,
          NotificationEvents.alertRaised(tenant, "room-traced", 1300, 1000));
      assertThat(tab.next("notification", SOON)).isNotNull();
      List<String> connections = new ArrayList<>(gateway.connectionIds());
      connections.removeAll(before);
      assertThat(connections).as("this tab's connection").hasSize(1);

      SpanData push = DeliverySpans.of(stack, spans, "websocket", tenant);
      String attributes = push.getAttributes().asMap().values().toString();
      assertThat(attributes)
          .as("no connection id, user or token in the span")
          .doesNotContain(connections.get(0))
          .doesNotContain(admin)
          .doesNotContain(token);
      assertThat(push.getEvents().toString()).doesNotContain(connections.get(0));
    }
  }

  @Test
  void anAlertReachesBothTabsOfAnAdminAndTheOperatorButNoOtherTenantsSocket() throws Exception {
    Team team = team();
    Team other = team();
    try (LiveClient tab1 = tab(team.tenant(), team.admin(), "admin");
        LiveClient tab2 = tab(team.tenant(), team.admin(), "admin");
        LiveClient operator = tab(team.tenant(), team.operator(), "operator");
        LiveClient viewer = tab(team.tenant(), team.viewer(), "viewer");
        LiveClient stranger = tab(other.tenant(), other.admin(), "admin")) {
      assertThat(tab1.socket().getSubprotocol()).isEqualTo("bearer");
      ObjectNode alert = NotificationEvents.alertRaised(team.tenant(), "room-9", 1300, 1000);

      stack.publish(NotificationEvents.ALERTS_ARN, alert);

      JsonNode first = tab1.next("notification", SOON);
      JsonNode second = tab2.next("notification", SOON);
      JsonNode toOperator = operator.next("notification", SOON);
      assertThat(first).isNotNull();
      assertThat(first.get("notification").get("eventId").asText())
          .isEqualTo(alert.get("id").asText());
      assertThat(first.get("id").asText()).isEqualTo(first.get("notification").get("id").asText());
      assertThat(second.get("id")).isEqualTo(first.get("id"));
      assertThat(first.get("unreadCount").asInt()).isEqualTo(2);
      assertThat(toOperator.get("notification").get("title").asText())
          .isEqualTo("Alert: co2 above its limit in room room-9");
      assertThat(viewer.next("notification", Duration.ofMillis(500))).isNull();
      assertThat(stranger.next("notification", Duration.ofMillis(500))).isNull();
      String inboxed =
          stack
              .api()
              .get("/notifications", token(team.tenant(), team.admin(), "admin"))
              .json()
              .get("items")
              .get(0)
              .get("id")
              .asText();
      assertThat(first.get("id").asText()).isEqualTo(inboxed);
    }
  }

  /** Decision 0044: the others learn at once that someone is on it, the acknowledger does not. */
  @Test
  void anAcknowledgementReachesTheOtherAdminsAndOperatorsLiveOnceAndNotTheAcknowledger()
      throws Exception {
    Team team = team();
    Team other = team();
    try (LiveClient admin = tab(team.tenant(), team.admin(), "admin");
        LiveClient operator = tab(team.tenant(), team.operator(), "operator");
        LiveClient viewer = tab(team.tenant(), team.viewer(), "viewer");
        LiveClient stranger = tab(other.tenant(), other.admin(), "admin")) {
      ObjectNode alert = NotificationEvents.alertRaised(team.tenant(), "room-3", 1300, 1000);
      stack.publish(NotificationEvents.ALERTS_ARN, alert);
      assertThat(admin.next("notification", SOON)).isNotNull();
      assertThat(operator.next("notification", SOON)).isNotNull();
      ObjectNode acknowledged = NotificationEvents.alertAcknowledged(alert, team.operator());

      stack.publish(NotificationEvents.ALERTS_ARN, acknowledged);
      stack.publish(NotificationEvents.ALERTS_ARN, acknowledged);

      JsonNode toAdmin = admin.next("notification", SOON);
      assertThat(toAdmin).isNotNull();
      JsonNode notification = toAdmin.get("notification");
      assertThat(notification.get("eventType").asText()).isEqualTo("alert.acknowledged.v1");
      assertThat(notification.get("subject").asText())
          .isEqualTo(alert.at("/data/alertId").asText());
      assertThat(notification.get("title").asText())
          .isEqualTo("Acknowledged by O: co2 alert in room room-3");
      assertThat(admin.next("notification", Duration.ofMillis(800)))
          .as("the redelivered event notifies nobody again")
          .isNull();
      assertThat(operator.next("notification", Duration.ofMillis(500))).isNull();
      assertThat(viewer.next("notification", Duration.ofMillis(300))).isNull();
      assertThat(stranger.next("notification", Duration.ofMillis(300))).isNull();
      JsonNode events =
          stack
              .api()
              .get(
                  "/events?type=alert.acknowledged.v1",
                  token(team.tenant(), team.viewer(), "viewer"))
              .json()
              .get("items");
      assertThat(events).hasSize(1);
      assertThat(events.get(0).get("id").asText()).isEqualTo(acknowledged.get("id").asText());
    }
  }

  @Test
  void aConnectionThatAnswers410IsRemovedAndTheOthersStillGetTheMessage() throws Exception {
    Team team = team();
    try (LiveClient live = tab(team.tenant(), team.admin(), "admin")) {
      // A connection whose $disconnect never arrived (API Gateway does not promise one).
      String stale = "stale-" + UUID.randomUUID();
      TransactionOperations<java.sql.Connection> tx = transactions();
      ConnectionStore connections = stack.api().bean(ConnectionStore.class);
      Instant now = Instant.now();
      tx.executeWrite(
          s -> {
            connections.insert(
                new Connection(
                    stale,
                    team.tenant(),
                    team.admin(),
                    Set.of("admin"),
                    now,
                    now.plusSeconds(3600)));
            return null;
          });

      stack.publish(
          NotificationEvents.ALERTS_ARN,
          NotificationEvents.alertRaised(team.tenant(), "room-1", 1200, 1000));

      assertThat(live.next("notification", SOON)).isNotNull();
      List<String> left =
          tx.executeRead(
              s ->
                  connections.ofUser(team.tenant(), team.admin(), Instant.now()).stream()
                      .map(Connection::connectionId)
                      .toList());
      assertThat(left).doesNotContain(stale).hasSize(1);
    }
  }

  @Test
  void aClientPingsAndMarksReadOverTheSocketAndGetsTheUnreadCount() throws Exception {
    Team team = team();
    try (LiveClient tab = tab(team.tenant(), team.viewer(), "viewer")) {
      String welcome =
          stack
              .api()
              .get("/notifications", token(team.tenant(), team.viewer(), "viewer"))
              .json()
              .get("items")
              .get(0)
              .get("id")
              .asText();

      tab.send("{\"action\":\"ping\",\"id\":\"p-1\"}");
      JsonNode pong = tab.next("pong", SOON);
      tab.send("{\"action\":\"markRead\",\"id\":\"" + welcome + "\"}");
      JsonNode ack = tab.next("ack", SOON);
      tab.send("{\"action\":\"markRead\",\"id\":\"ntf-not-mine\"}");
      JsonNode error = tab.next("error", SOON);

      assertThat(pong.get("id").asText()).isEqualTo("p-1");
      assertThat(ack.get("id").asText()).isEqualTo(welcome);
      assertThat(ack.get("unreadCount").asInt()).isZero();
      assertThat(error.get("id").asText()).isEqualTo("ntf-not-mine");
    }
  }

  @Test
  void aHandshakeWithoutAValidTokenIsRefusedAndADisconnectForgetsTheConnection() throws Exception {
    assertThatThrownBy(() -> LiveClient.connect(gateway.webSocketUri(), "not-a-token"))
        .hasCauseInstanceOf(WebSocketHandshakeException.class)
        .satisfies(
            e ->
                assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                    .isEqualTo(401));
    Team team = team();
    LiveClient tab = tab(team.tenant(), team.viewer(), "viewer");
    assertThat(open(team.tenant(), team.viewer())).hasSize(1);

    tab.close();

    for (int i = 0; i < 100; i++) {
      if (open(team.tenant(), team.viewer()).isEmpty()) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(open(team.tenant(), team.viewer())).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static TransactionOperations<java.sql.Connection> transactions() {
    return stack.api().context().getBean(TransactionOperations.class);
  }

  private static List<Connection> open(String tenant, String user) {
    ConnectionStore connections = stack.api().bean(ConnectionStore.class);
    return transactions().executeRead(s -> connections.ofUser(tenant, user, Instant.now()));
  }
}
