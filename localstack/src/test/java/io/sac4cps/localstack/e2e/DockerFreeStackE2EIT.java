package io.sac4cps.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.localstack.LocalStack;
import io.sac4cps.localstack.client.PlatformClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Target (1): the docker-free local stack, started in-process on a free port from the function jars
 * the reactor built, with embedded servers only (the process's environment is not passed, so no
 * external server is picked up by accident).
 */
class DockerFreeStackE2EIT extends Scenarios {
  /** Slow enough that a cancel lands mid-run, fast enough for the other scenarios' exports. */
  private static final int EXPORT_ROWS_PER_SECOND = 200;

  private static LocalStack stack;

  @BeforeAll
  static void startStack() {
    Path root = Path.of(System.getProperty("sac4cps.root", "..")).toAbsolutePath().normalize();
    stack =
        LocalStack.start(
            new LocalStack.Options(root, 0, Map.of())
                .setting(
                    "sensors",
                    Map.of(
                        // A page of 50 readings, then a look for a cancel: ~4 pages a second.
                        "SAC4CPS_SENSORS_EXPORT_PAGE_ROWS",
                        "50",
                        "SAC4CPS_SENSORS_EXPORT_ROWS_PER_SECOND",
                        String.valueOf(EXPORT_ROWS_PER_SECOND))));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyBuiltFunctionStartedAndHealthReportsItAndEachEmbeddedService() {
    assertThat(stack.failures()).as("functions that did not start").isEmpty();
    var health = new PlatformClient(stack.url()).get("/health", null).json();
    stack
        .functionStates()
        .forEach(
            (function, state) -> {
              if (state == LocalStack.FunctionState.RUNNING) {
                assertThat(health.path("functions").path(function).asText())
                    .as(function)
                    .isEqualTo("UP");
              } else {
                assertThat(health.path("notBuilt").toString() + health.path("functions"))
                    .as(function)
                    .contains(function);
              }
            });
    for (String service : List.of("postgres", "kafka", "sqs", "sns")) {
      assertThat(health.path("services").path(service).path("status").asText())
          .as(service)
          .isEqualTo("UP");
      assertThat(health.path("services").path(service).path("kind").asText())
          .as(service)
          .startsWith("embedded");
    }
  }

  @Override
  protected E2eTarget target() {
    return new E2eTarget() {
      @Override
      public URI baseUrl() {
        return stack.url();
      }

      @Override
      public boolean has(String function) {
        // Only a jar that is not built skips a scenario; one that failed to start fails it.
        return stack.functionStates().get(function) != LocalStack.FunctionState.NOT_BUILT;
      }

      @Override
      public Optional<TokenMinter> tokenMinter() {
        return Optional.of(
            (subject, tenant, roles) ->
                stack.mintToken(subject, tenant, roles, Duration.ofMinutes(15)));
      }

      @Override
      public List<Integer> unknownRouteStatuses() {
        return List.of(404);
      }

      @Override
      public Optional<URI> webSocketUrl() {
        return stack.webSocketUrl();
      }

      @Override
      public boolean showsMail() {
        return true;
      }

      @Override
      public boolean showsTelemetry() {
        return true;
      }

      @Override
      public OptionalInt exportRowsPerSecond() {
        return OptionalInt.of(EXPORT_ROWS_PER_SECOND);
      }

      @Override
      public Optional<S3Client> reportsBucket() {
        return Optional.of(stack.services().s3());
      }
    };
  }
}
