package io.sac4cps.notifications.bench;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.embedded.LocalAwsAccount;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.embedded.LocalWebSocketApi;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.embedded.PostgresServer;
import io.sac4cps.notifications.NotificationEvents;
import io.sac4cps.notifications.events.InboxQueueHandler;
import io.sac4cps.notifications.live.NotificationsWebSocketHandler;
import io.sac4cps.testkit.lambda.SqsEvents;
import io.sac4cps.testkit.security.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Not a test: prints figures for live notifications, through the real handlers, real PostgreSQL
 * (embedded, or {@code SAC4CPS_POSTGRES_URL}), GreenMail and platform-embedded's WebSocket API with
 * JDK WebSocket clients.
 *
 * <ol>
 *   <li>latency from an alert.raised.v1 message handed to the notifications-inbox handler to the
 *       frame on the admin's socket, p50/p99 over 1,000 alerts (one admin, one operator: two
 *       WebSocket pushes and one email each);
 *   <li>fan-out: one alert to 1,000 connected sockets of one tenant (1,000 operators), until the
 *       last frame arrived.
 * </ol>
 *
 * <p>Run: {@code ./mvnw -B verify -pl functions/notifications -am -Pbench -DskipTests}
 */
public final class LiveNotificationsBenchmark {
  private static final int ALERTS = 1000;
  private static final int SOCKETS = 1000;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private LiveNotificationsBenchmark() {}

  public static void main(String[] args) throws Exception {
    try (PostgresServer server = PostgresServer.startOrConnect(System.getenv());
        EmbeddedMailServer mail = EmbeddedMailServer.start()) {
      PostgresDatabase db =
          server.createDatabase("notify_bench_" + UUID.randomUUID().toString().substring(0, 8));
      AtomicReference<NotificationsWebSocketHandler> handler = new AtomicReference<>();
      try (LocalWebSocketApi gateway =
          LocalWebSocketApi.builder(
                  (headers, query, id) -> authorize(query.get("token")),
                  event -> handler.get().handleRequest(event, LocalLambdaContext.of("bench")))
              .start()) {
        Map<String, Object> properties = new HashMap<>(TestTokens.configuration());
        properties.put("datasources.default.url", db.jdbcUrl());
        properties.put("datasources.default.username", db.username());
        properties.put("datasources.default.password", db.password());
        properties.put("aws.region", LocalAwsAccount.REGION);
        properties.put("aws.access-key-id", LocalAwsAccount.ACCESS_KEY_ID);
        properties.put("aws.secret-key", LocalAwsAccount.SECRET_KEY);
        properties.put("aws.services.ses.smtp.host", mail.host());
        properties.put("aws.services.ses.smtp.port", mail.port());
        properties.put("sac4cps.websocket.callback-url", gateway.callbackUrl().toString());
        properties.put("datasources.default.maximum-pool-size", 16);
        try (ApplicationContext context = ApplicationContext.run(properties, "bench")) {
          handler.set(new NotificationsWebSocketHandler(context));
          InboxQueueHandler inbox = new InboxQueueHandler(context);
          latency(inbox, gateway);
          fanOut(inbox, gateway);
        }
      }
    }
  }

  private static void latency(InboxQueueHandler inbox, LocalWebSocketApi gateway) throws Exception {
    String tenant = "t-latency";
    publish(
        inbox,
        NotificationEvents.IDENTITY_ARN,
        NotificationEvents.userRegistered(tenant, "admin", "admin@example.com", "A", "admin"),
        NotificationEvents.userRegistered(tenant, "op", "op@example.com", "O", "operator"));
    Socket admin = Socket.connect(gateway, tenant, "admin", "admin");
    Socket operator = Socket.connect(gateway, tenant, "op", "operator");
    long[] nanos = new long[ALERTS];
    for (int i = 0; i < ALERTS + 50; i++) {
      admin.expect(1);
      long started = System.nanoTime();
      publish(
          inbox,
          NotificationEvents.ALERTS_ARN,
          NotificationEvents.alertRaised(tenant, "room-" + i, 1200, 1000));
      if (!admin.await(10)) {
        throw new IllegalStateException("alert " + i + " did not arrive");
      }
      if (i >= 50) {
        nanos[i - 50] = System.nanoTime() - started;
      }
    }
    Arrays.sort(nanos);
    System.out.printf(
        "alert message -> WebSocket frame (%,d alerts, each also pushed to an operator and mailed):"
            + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        ALERTS,
        nanos[ALERTS / 2] / 1e6,
        nanos[(int) (ALERTS * 0.99)] / 1e6,
        nanos[ALERTS - 1] / 1e6);
    admin.socket.abort();
    operator.socket.abort();
  }

  private static void fanOut(InboxQueueHandler inbox, LocalWebSocketApi gateway) throws Exception {
    String tenant = "t-fanout";
    List<ObjectNode> users = new ArrayList<>();
    for (int i = 0; i < SOCKETS; i++) {
      users.add(
          NotificationEvents.userRegistered(
              tenant, "op-" + i, "op" + i + "@example.com", "O", "operator"));
    }
    for (int i = 0; i < SOCKETS; i += 10) {
      publish(
          inbox,
          NotificationEvents.IDENTITY_ARN,
          users.subList(i, i + 10).toArray(ObjectNode[]::new));
    }
    CountDownLatch all = new CountDownLatch(SOCKETS);
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < SOCKETS; i++) {
      Socket socket = Socket.connect(gateway, tenant, "op-" + i, "operator");
      socket.countTo(all);
      sockets.add(socket);
    }
    long started = System.nanoTime();
    publish(
        inbox,
        NotificationEvents.ALERTS_ARN,
        NotificationEvents.alertRaised(tenant, "room-all", 1500, 1000));
    boolean delivered = all.await(60, TimeUnit.SECONDS);
    System.out.printf(
        "fan-out of one alert to %,d sockets of one tenant: %s in %.2f s%n",
        SOCKETS,
        delivered ? "all delivered" : (SOCKETS - all.getCount()) + " delivered",
        (System.nanoTime() - started) / 1e9);
    sockets.forEach(s -> s.socket.abort());
  }

  private static void publish(InboxQueueHandler inbox, String topic, ObjectNode... events) {
    SQSEvent.SQSMessage[] messages = new SQSEvent.SQSMessage[events.length];
    for (int i = 0; i < events.length; i++) {
      messages[i] = SqsEvents.message(NotificationEvents.snsBody(topic, events[i])).build();
    }
    inbox.handleRequest(SqsEvents.event(messages), LocalLambdaContext.of("bench"));
  }

  private static Optional<Map<String, Object>> authorize(String token) {
    try {
      var claims = SignedJWT.parse(token).getJWTClaimsSet();
      return Optional.of(
          Map.of(
              "tenantId", claims.getStringClaim("tenant"),
              "sub", claims.getSubject(),
              "roles", String.join(",", claims.getStringListClaim("roles"))));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** A client socket that counts notification frames. */
  private static final class Socket implements WebSocket.Listener {
    private WebSocket socket;
    private volatile CountDownLatch latch = new CountDownLatch(0);
    private final StringBuilder partial = new StringBuilder();

    static Socket connect(LocalWebSocketApi gateway, String tenant, String user, String role) {
      Socket s = new Socket();
      String token = TestTokens.token(user, tenant, role);
      s.socket =
          HTTP.newWebSocketBuilder()
              .buildAsync(URI.create(gateway.webSocketUri() + "?token=" + token), s)
              .join();
      return s;
    }

    void expect(int frames) {
      latch = new CountDownLatch(frames);
    }

    void countTo(CountDownLatch shared) {
      latch = shared;
    }

    boolean await(int seconds) throws InterruptedException {
      return latch.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      // A message may arrive in parts.
      partial.append(data);
      if (last) {
        if (partial.indexOf("\"type\":\"notification\"") >= 0) {
          latch.countDown();
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
