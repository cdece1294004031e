package io.sac4cps.sensors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.embedded.EmbeddedPostgresServer;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.sensors.AnnouncedRooms;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.security.TestTokens;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sensors while its PostgreSQL is stopped and after it is started again (decision 0040): a real
 * server of this test's own, so stopping it disturbs no other test.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class DatabaseOutageIT {
  private final String tenant = "tenant-" + UUID.randomUUID();
  private final String admin = TestTokens.token("admin-1", tenant, "admin");
  private Path dataDirectory;
  private EmbeddedPostgresServer postgres;
  private ApiFunction sensors;

  @AfterEach
  void stop() throws Exception {
    if (sensors != null) {
      sensors.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    if (dataDirectory != null) {
      try (Stream<Path> files = Files.walk(dataDirectory)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void whileTheDatabaseIsDownIngestFailsFastWith503AndHealthIsDownThenBothRecover(
      Infrastructure infrastructure) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    dataDirectory = Files.createTempDirectory("sensors-outage-");
    postgres = EmbeddedPostgresServer.start(Optional.of(dataDirectory), true, port);
    PostgresDatabase database = postgres.createDatabase("sensors_outage");
    sensors =
        ApiFunction.builder("sensors")
            .properties(infrastructure.properties())
            .property("datasources.default.url", database.jdbcUrl())
            .property("datasources.default.username", database.username())
            .property("datasources.default.password", database.password())
            // Probe on every /health: the test reads it right after stopping the database.
            .property("sac4cps.health.cache-for", "0s")
            .start();
    AnnouncedRooms.announce(sensors, tenant, "room-1");
    assertThat(
            sensors
                .post(
                    "/sensors",
                    admin,
                    "{\"id\":\"out-1\",\"roomId\":\"room-1\",\"type\":\"co2\",\"unit\":\"ppm\"}")
                .status())
        .isEqualTo(201);
    assertThat(sensors.post("/sensors/data", admin, reading("2026-06-01T00:00:00Z")).status())
        .isEqualTo(202);
    assertThat(health().status()).isEqualTo(200);

    postgres.close();
    postgres = null;

    long started = System.nanoTime();
    ApiResponse refused = sensors.post("/sensors/data", admin, reading("2026-06-01T00:01:00Z"));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(refused.status()).as(refused.body()).isEqualTo(503);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.header("Retry-After")).isEqualTo("2");
    assertThat(refused.text("detail")).doesNotContain("SQL").doesNotContain("postgres");
    // The pool's 2 s connection timeout plus the handler; Hikari's default would be 30 s.
    assertThat(tookMs).as("fails fast").isLessThan(6_000);
    ApiResponse down = health();
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.json().path("status").asText()).isEqualTo("DOWN");
    assertThat(down.json().path("checks").path("database").asText()).isEqualTo("DOWN");

    postgres = EmbeddedPostgresServer.start(Optional.of(dataDirectory), true, port);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    ApiResponse up = health();
    while (up.status() != 200 && System.nanoTime() < deadline) {
      up = health();
    }
    assertThat(up.status()).as("health is UP again once the database is back").isEqualTo(200);
    assertThat(up.json().path("checks").path("database").asText()).isEqualTo("UP");
    // Once health says UP the function serves; the refused reading was not half-written.
    ApiResponse retried = sensors.post("/sensors/data", admin, reading("2026-06-01T00:01:00Z"));
    assertThat(retried.status()).as(retried.body()).isEqualTo(202);
    assertThat(retried.jsonMap()).containsEntry("accepted", 1).containsEntry("duplicates", 0);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> stored =
        (List<Map<String, Object>>)
            sensors
                .get("/sensors/out-1/data?from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z", admin)
                .jsonMap()
                .get("items");
    assertThat(stored)
        .extracting(r -> r.get("timestamp"))
        .containsExactly("2026-06-01T00:00:00Z", "2026-06-01T00:01:00Z");
  }

  private ApiResponse health() {
    return sensors.answersOnly().get("/health", null);
  }

  private static String reading(String timestamp) {
    return "{\"sensorId\":\"out-1\",\"timestamp\":\"" + timestamp + "\",\"value\":600}";
  }
}
