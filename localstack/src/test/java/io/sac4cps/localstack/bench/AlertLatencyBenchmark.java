package io.sac4cps.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.localstack.LocalStack;
import io.sac4cps.localstack.client.PlatformClient;
import io.sac4cps.localstack.client.PlatformClient.Response;
import io.sac4cps.localstack.e2e.LiveSocket;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * End-to-end alert latency through the docker-free local stack (the same handlers as in AWS): from
 * the moment {@code POST /sensors/data} sends the reading that crosses a CO2 threshold to the
 * moment the {@code alert.raised.v1} notification frame arrives on the admin's WebSocket. The path:
 * sensors → outbox → Kafka {@code sensor.readings} → rooms' consumer → outbox → SNS {@code alerts}
 * → SQS {@code notifications-inbox} → notifications' consumer → {@code @connections} → the socket.
 *
 * <p>Two floors in the same run, interleaved with the alerts so the machine's load falls on all
 * alike: the gateway's round trip of a request it answers itself (an unknown route's 404: no
 * function, no authorizer; {@code GET /health} is no floor, it asks every function and service),
 * and the {@code 202} of the crossing POST itself (gateway, authorizer, sensors' handler and its
 * commit). The alert figure minus the POST's is what the asynchronous hops cost.
 *
 * <p>Rooms raises after two readings beyond the limit (its debounce), so each run first posts one
 * reading above it and waits for rooms to have applied it, then times the second; then readings
 * well inside resolve the alert before the next run. {@code -Dbench.runs=N} (default 50).
 *
 * <p>Each run's requests leave from the next of {@value #CLIENT_ADDRESSES} loopback addresses, as
 * the devices and dashboards of one organisation would: the gateway emulates the WAF's rate limit
 * per client address (3,000 requests in 5 minutes), which one address polling for 1,000 alerts
 * exceeds. The polling is not timed; only the crossing reading's POST and its frame are. Run:
 * {@code ./mvnw -B verify -pl localstack -am -Pbench -Dit.test=AlertLatencyBenchmark
 * -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
class AlertLatencyBenchmark {
  private static final int RUNS = Integer.getInteger("bench.runs", 50);
  private static final int WARM_UP = Integer.getInteger("bench.warmUp", 3);
  private static final int CLIENT_ADDRESSES = 8;
  private static final int READINGS_PER_RUN = 5;
  private static final Duration TOKEN_RENEWAL = Duration.ofMinutes(10);

  @Test
  void alertFromReadingToWebSocketFrame() throws Exception {
    Path root = Path.of(System.getProperty("sac4cps.root", "..")).toAbsolutePath().normalize();
    try (LocalStack stack = LocalStack.start(new LocalStack.Options(root, 0, Map.of()))) {
      assertThat(stack.failures()).as("functions that did not start").isEmpty();
      List<PlatformClient> clients = new ArrayList<>();
      for (int i = 0; i < CLIENT_ADDRESSES; i++) {
        clients.add(
            new PlatformClient(
                stack.url(), InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)})));
      }
      PlatformClient setup = clients.get(0);
      URI webSocket = stack.webSocketUrl().orElseThrow();
      Admin admin = Admin.ofNewOrganisation(setup);
      String firstToken = admin.login(setup);
      // user.registered reaches notifications' replica: the admin is a recipient of alerts then.
      await(() -> setup.get("/notifications", firstToken).json().path("items").size() >= 1, 60);

      String roomId =
          setup
              .post("/rooms", firstToken, Map.of("name", "Bench", "building", "HQ", "floor", 1))
              .json()
              .path("id")
              .asText();
      assertThat(
              setup
                  .put(
                      "/rooms/" + roomId + "/thresholds",
                      firstToken,
                      Map.of("co2", Map.of("max", 1000)))
                  .status())
          .isEqualTo(200);
      Response sensor =
          setup.post(
              "/sensors", firstToken, Map.of("roomId", roomId, "type", "co2", "unit", "ppm"));
      assertThat(sensor.status()).as("%s", sensor).isEqualTo(201);
      String sensorId = sensor.json().path("id").asText();

      List<Double> alertMs = new ArrayList<>();
      List<Double> postMs = new ArrayList<>();
      List<Double> gatewayMs = new ArrayList<>();
      // Readings may not be in the future: one a second, starting early enough for every run.
      long seconds = Math.max(7200, (WARM_UP + RUNS) * READINGS_PER_RUN + 600L);
      Instant[] clock = {Instant.now().minusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS)};
      long benchStart = System.nanoTime();
      long signedIn = benchStart;
      String token = firstToken;
      LiveSocket tab = LiveSocket.connect(webSocket, token);
      try {
        for (int run = 0; run < WARM_UP + RUNS; run++) {
          PlatformClient client = clients.get(run % CLIENT_ADDRESSES);
          if (System.nanoTime() - signedIn > TOKEN_RENEWAL.toNanos()) {
            // As a dashboard does before its 15-minute token expires (the socket's connection
            // ends with it): sign in again and reconnect, between runs, untimed.
            tab.close();
            token = admin.login(client);
            tab = LiveSocket.connect(webSocket, token);
            signedIn = System.nanoTime();
          }
          String bearer = token;
          if (run > WARM_UP && (run - WARM_UP) % 100 == 0) {
            System.out.printf(
                Locale.ROOT,
                "%d alerts timed in %.0f s, p99 so far %.1f ms%n",
                run - WARM_UP,
                millisSince(benchStart) / 1000,
                percentile(
                    alertMs.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 99));
          }
          // The gateway's own answer (no function): a route the contract does not have.
          long floorStart = System.nanoTime();
          assertThat(client.get("/bench-no-such-route", null).status()).isEqualTo(404);
          double gateway = millisSince(floorStart);

          Instant above = next(clock);
          post(client, bearer, sensorId, above, 1400);
          await(() -> co2At(client, bearer, roomId, above), 60);

          long start = System.nanoTime();
          post(client, bearer, sensorId, next(clock), 1500);
          double posted = millisSince(start);
          LiveSocket.Frame frame =
              tab.nextFrame(
                  m ->
                      m.path("type").asText().equals("notification")
                          && m.path("notification")
                              .path("eventType")
                              .asText()
                              .equals("alert.raised.v1"),
                  60);
          assertThat(frame).as("run %d: the alert on the socket", run).isNotNull();
          double alert = (frame.arrivedNanos() - start) / 1e6;

          for (int i = 0; i < READINGS_PER_RUN - 2; i++) {
            post(client, bearer, sensorId, next(clock), 500);
          }
          await(
              () ->
                  client
                      .get("/rooms/" + roomId + "/metrics", bearer)
                      .json()
                      .path("activeAlerts")
                      .isEmpty(),
              60);
          if (run >= WARM_UP) {
            alertMs.add(alert);
            postMs.add(posted);
            gatewayMs.add(gateway);
          }
        }
      } finally {
        tab.close();
      }
      System.out.printf(
          Locale.ROOT,
          "%nAlert latency through the local stack, %d runs (after %d warm-up), %d cores:%n",
          RUNS,
          WARM_UP,
          Runtime.getRuntime().availableProcessors());
      System.out.printf(
          Locale.ROOT, "%-46s %9s %9s %9s %9s%n", "", "p50 ms", "p95 ms", "p99 ms", "max ms");
      print("POST /sensors/data -> WebSocket frame", alertMs);
      print("floor: the crossing POST's 202", postMs);
      print("floor: the gateway's 404 (no function)", gatewayMs);
      System.out.printf(
          Locale.ROOT,
          "load average at the end: %.1f%n",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static void print(String what, List<Double> millis) {
    double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "%-46s %9.1f %9.1f %9.1f %9.1f%n",
        what,
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99),
        sorted[sorted.length - 1]);
  }

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(double[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static Instant next(Instant[] clock) {
    clock[0] = clock[0].plusSeconds(1);
    return clock[0];
  }

  private static double millisSince(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  private static void post(
      PlatformClient api, String token, String sensorId, Instant at, double value) {
    Response posted =
        api.post(
            "/sensors/data",
            token,
            Map.of("sensorId", sensorId, "timestamp", at.toString(), "value", value));
    assertThat(posted.status()).as("%s", posted).isEqualTo(202);
  }

  private static boolean co2At(PlatformClient api, String token, String roomId, Instant at) {
    JsonNode co2 =
        api.get("/rooms/" + roomId + "/metrics", token).json().path("metrics").path("co2");
    return !co2.isMissingNode() && Instant.parse(co2.path("timestamp").asText()).equals(at);
  }

  /** The organisation's admin: registered once, signed in again when the token gets old. */
  private record Admin(String email, String password) {
    static Admin ofNewOrganisation(PlatformClient api) {
      String unique = UUID.randomUUID().toString().substring(0, 8);
      Admin admin =
          new Admin("bench-" + unique + "@bench.sac4cps.test", "bench-Password-" + unique);
      Response registered =
          api.post(
              "/auth/register",
              null,
              Map.of(
                  "email",
                  admin.email,
                  "password",
                  admin.password,
                  "name",
                  "Bench Admin",
                  "organization",
                  "Bench " + unique));
      assertThat(registered.status()).as("%s", registered).isEqualTo(201);
      return admin;
    }

    String login(PlatformClient api) {
      Response login = api.post("/auth/login", null, Map.of("email", email, "password", password));
      assertThat(login.status()).as("%s", login).isEqualTo(200);
      return login.json().path("accessToken").asText();
    }
  }

  private static void await(java.util.function.BooleanSupplier condition, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("not within " + seconds + " s");
  }
}
