package io.sac4cps.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.wiring.SchemaRole;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.embedded.SnsStandIn;
import io.sac4cps.localstack.client.PlatformClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The whole stack through an SNS outage (issue 17, decisions 0063, 0073, 0076): while the SNS
 * stand-in refuses connections, rooms' requests still succeed, its SNS breaker opens and the
 * gateway's {@code GET /health} is 200 DEGRADED, naming rooms and SNS; the room.changed.v1 events
 * of those requests wait in rooms' outbox. Once SNS answers again the scheduled relay's trial
 * closes the breaker, the gateway is UP again, and every kept event reached its subscriber: sensors
 * knows each room (a sensor can be registered in it) and rooms' outbox is empty.
 */
class SnsOutageIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void anSnsOutageDegradesRoomsAtTheGatewayAndLosesNoEvent() throws Exception {
    Path root = Path.of(System.getProperty("sac4cps.root", "..")).toAbsolutePath().normalize();
    try (LocalStack stack = LocalStack.start(new LocalStack.Options(root, 0, Map.of()))) {
      assertThat(stack.isRunning("rooms")).as("rooms runs in the local stack").isTrue();
      assertThat(stack.isRunning("sensors")).as("sensors runs in the local stack").isTrue();
      PlatformClient api = new PlatformClient(stack.url());
      await(api, "/health", health -> health.status() == 200 && status(health).equals("UP"));
      SnsStandIn sns = stack.services().snsStandIn().orElseThrow();
      // The admin, in rooms' database (created by the stack): reads what rooms' outbox holds.
      PostgresDatabase admin = stack.services().createDatabase("sns_outage_it");
      PostgresDatabase roomsDatabase =
          new PostgresDatabase(
              "rooms",
              admin.jdbcUrl().replace("/" + admin.name(), "/rooms"),
              admin.username(),
              admin.password());
      String tenant = "sns-outage-" + UUID.randomUUID().toString().substring(0, 8);
      String token =
          stack.mintToken("sns-outage-admin", tenant, List.of("admin"), DEADLINE.multipliedBy(5));

      sns.pause();
      List<String> rooms = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          PlatformClient.Response created =
              api.post(
                  "/rooms",
                  token,
                  Map.of(
                      "name",
                      "Outage room " + i,
                      "building",
                      "HQ",
                      "floor",
                      0,
                      "areaM2",
                      12,
                      "capacity",
                      4));
          assertThat(created.status())
              .as("a request while SNS is down: %s", created)
              .isEqualTo(201);
          rooms.add(created.json().path("id").asText());
        }
        PlatformClient.Response degraded =
            await(
                api,
                "/health",
                health -> health.json().at("/functions/rooms").asText().equals("DEGRADED"));
        assertThat(degraded.status()).as(degraded.body()).isEqualTo(200);
        assertThat(status(degraded)).isEqualTo("DEGRADED");
        assertThat(degraded.json().at("/checks/rooms").asText()).isEqualTo("DEGRADED");
        assertThat(degraded.json().at("/checks/sns").asText()).isEqualTo("DOWN");
        assertThat(degraded.json().at("/checks/postgres").asText()).isEqualTo("UP");
        // Sensors and analytics do not publish to SNS: they are not degraded by its outage.
        assertThat(degraded.json().at("/functions/sensors").asText()).isEqualTo("UP");
        assertThat(outboxRows(roomsDatabase))
            .as("rooms' outbox keeps the events")
            .isGreaterThanOrEqualTo(1);
        PlatformClient.Response listed = api.get("/rooms", token);
        assertThat(listed.status()).as("%s", listed).isEqualTo(200);
        assertThat(listed.body()).contains(rooms);
      } finally {
        sns.resume();
      }

      PlatformClient.Response up =
          await(api, "/health", health -> health.status() == 200 && status(health).equals("UP"));
      assertThat(up.json().at("/functions/rooms").asText()).isEqualTo("UP");
      assertThat(up.json().at("/checks/sns").asText()).isEqualTo("UP");
      awaitTrue(() -> outboxRows(roomsDatabase) == 0, "rooms' outbox drained after the outage");
      for (String room : rooms) {
        PlatformClient.Response sensor =
            api.post(
                "/sensors", token, Map.of("roomId", room, "type", "temperature", "unit", "Cel"));
        assertThat(sensor.status())
            .as("sensors learnt of room %s, created during the outage: %s", room, sensor)
            .isEqualTo(201);
      }
    }
  }

  private static String status(PlatformClient.Response health) {
    return health.json() == null ? "" : health.json().path("status").asText();
  }

  /** Polls {@code path} until {@code done} holds, failing after {@link #DEADLINE}. */
  private static PlatformClient.Response await(
      PlatformClient api, String path, Predicate<PlatformClient.Response> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    PlatformClient.Response response = api.get(path, null);
    while (!done.test(response) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      response = api.get(path, null);
    }
    assertThat(done.test(response))
        .as("%s within %s: %s", path, DEADLINE, response.body())
        .isTrue();
    return response;
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!check.holds()) {
      assertThat(System.nanoTime()).as(what + " within " + DEADLINE).isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  /** Rows waiting in rooms' outbox (each holds the messages of one transaction). */
  private static long outboxRows(PostgresDatabase rooms) throws SQLException {
    String schema = new SchemaRole("rooms").schema();
    try (Connection connection =
            DriverManager.getConnection(rooms.jdbcUrl(), rooms.username(), rooms.password());
        PreparedStatement count =
            connection.prepareStatement(
                "SELECT count(*) FROM " + schema + ".outbox WHERE destination_kind = 'sns'");
        ResultSet result = count.executeQuery()) {
      result.next();
      return result.getLong(1);
    }
  }
}
