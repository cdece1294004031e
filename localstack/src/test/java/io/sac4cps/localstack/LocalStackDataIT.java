package io.sac4cps.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.localstack.client.PlatformClient;
import io.sac4cps.localstack.demo.DemoOrganisation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code localstack/start --demo --data DIR} run twice: {@code /health} is not UP before the demo
 * exists, and the second run finds the first run's demo organisation (same tenant, same room and
 * sensor ids) instead of creating another.
 */
class LocalStackDataIT {
  private static final String DEMO = "demo organisation";

  @Test
  void healthWaitsForTheDemoAndARestartWithKeptDataFindsIt(@TempDir Path data) {
    Path root = Path.of(System.getProperty("sac4cps.root", "..")).toAbsolutePath().normalize();
    LocalStack.Options options =
        new LocalStack.Options(root, 0, Map.of()).keepingDataIn(data).preparing(DEMO);

    DemoOrganisation first;
    try (LocalStack stack = LocalStack.start(options)) {
      PlatformClient api = new PlatformClient(stack.url());
      PlatformClient.Response seeding = api.get("/health", null);
      assertThat(seeding.status()).isEqualTo(503);
      assertThat(seeding.json().path("status").asText()).isEqualTo("STARTING");
      assertThat(seeding.json().path("preparing").toString()).contains(DEMO);

      first = DemoOrganisation.seed(stack);
      stack.prepared(DEMO);
      assertThat(first.found()).isFalse();
      PlatformClient.Response ready = api.get("/health", null);
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().path("status").asText()).isEqualTo("UP");
    }

    try (LocalStack stack = LocalStack.start(options)) {
      DemoOrganisation second = DemoOrganisation.seed(stack);
      assertThat(second.found())
          .as("found the demo admin of the last run")
          .isEqualTo(stack.isRunning("identity"));
      assertThat(second.tenant()).isEqualTo(first.tenant());
      assertThat(second.rooms()).as("same rooms and sensors, none added").isEqualTo(first.rooms());
      PlatformClient api = new PlatformClient(stack.url());
      assertThat(api.get("/sensors?limit=100", second.token()).json().path("items").size())
          .as("sensors of the demo tenant")
          .isEqualTo(first.rooms().size() * 4);
    }
  }
}
