package io.sac4cps.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.wiring.SchemaRole;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.localstack.client.PlatformClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's {@code GET /health} asks each function's own {@code /health} (decision 0060): when
 * one function cannot reach its database, the gateway answers the contract's HealthDown (503 with
 * {@code Retry-After}) naming that function, and the others stay UP. The fault is real: the
 * function's database role may no longer sign in and its sessions are ended, so its pool cannot
 * serve while every other function's can.
 */
class GatewayHealthIT {

  @Test
  void healthNamesTheFunctionWhoseDatabaseIsGoneAndRecoversWithIt() throws Exception {
    Path root = Path.of(System.getProperty("sac4cps.root", "..")).toAbsolutePath().normalize();
    try (LocalStack stack = LocalStack.start(new LocalStack.Options(root, 0, Map.of()))) {
      assertThat(stack.isRunning("rooms"))
          .as("rooms runs in the local stack (localstack/start builds every function)")
          .isTrue();
      PlatformClient api = new PlatformClient(stack.url());
      PlatformClient.Response up = awaitStatus(api, 200);
      assertThat(up.json().at("/functions/rooms").asText()).isEqualTo("UP");
      assertThat(up.json().at("/checks/rooms").asText()).isEqualTo("UP");

      String role = new SchemaRole("rooms").role();
      PostgresDatabase admin = stack.services().createDatabase("gateway_health_it");
      admin.execute(
          List.of(
              "ALTER ROLE " + role + " NOLOGIN",
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '"
                  + role
                  + "'"));
      try {
        PlatformClient.Response down = awaitStatus(api, 503);
        assertThat(down.header("Retry-After")).isEqualTo("2");
        assertThat(down.json().path("status").asText()).isEqualTo("DOWN");
        assertThat(down.json().at("/functions/rooms").asText()).isEqualTo("DOWN");
        assertThat(down.json().at("/checks/rooms").asText()).isEqualTo("DOWN");
        assertThat(down.json().at("/checks/postgres").asText()).isEqualTo("UP");
        down.json()
            .path("functions")
            .fields()
            .forEachRemaining(
                f -> {
                  if (!f.getKey().equals("rooms")) {
                    assertThat(f.getValue().asText()).as(f.getKey()).isEqualTo("UP");
                  }
                });
      } finally {
        admin.execute(List.of("ALTER ROLE " + role + " LOGIN"));
      }

      PlatformClient.Response back = awaitStatus(api, 200);
      assertThat(back.json().at("/functions/rooms").asText()).isEqualTo("UP");
    }
  }

  private static PlatformClient.Response awaitStatus(PlatformClient api, int status)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    PlatformClient.Response response = api.get("/health", null);
    while (response.status() != status && System.nanoTime() < deadline) {
      Thread.sleep(250);
      response = api.get("/health", null);
    }
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    return response;
  }
}
