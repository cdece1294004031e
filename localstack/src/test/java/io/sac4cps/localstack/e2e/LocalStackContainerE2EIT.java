package io.sac4cps.localstack.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * Target (2): LocalStack in Docker ({@code localstack/localstack:4.14.0}, the last tag without an
 * auth token) with the CDK app deployed into it by {@code cdklocal} (stage {@code local}). Without
 * a Docker engine the class is reported skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackContainerE2EIT extends Scenarios {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.14.0"));

  private static DeployedApi target;

  @BeforeAll
  static void deploy() throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("sac4cps.root", "..")).toAbsolutePath().normalize();
    Path cdk = root.resolve("infra/cdk");
    Path outputs = root.resolve("localstack/target/e2e-cdk-outputs.json");
    Map<String, String> environment =
        Map.of(
            "AWS_ENDPOINT_URL",
            LOCALSTACK.getEndpoint().toString(),
            "AWS_ACCESS_KEY_ID",
            "test",
            "AWS_SECRET_ACCESS_KEY",
            "test",
            "AWS_DEFAULT_REGION",
            LOCALSTACK.getRegion(),
            "CDK_DEFAULT_ACCOUNT",
            "000000000000",
            "CDK_DEFAULT_REGION",
            LOCALSTACK.getRegion());
    run(cdk, environment, "npm", "ci", "--no-audit", "--no-fund");
    run(cdk, environment, "npx", "cdklocal", "bootstrap", "-c", "stage=local");
    run(
        cdk,
        environment,
        "npx",
        "cdklocal",
        "deploy",
        "sac4cps-local",
        "-c",
        "stage=local",
        "--require-approval",
        "never",
        "--outputs-file",
        outputs.toString());
    String apiId =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(outputs.toFile())
            .path("sac4cps-local")
            .path("RestApiId")
            .asText();
    target =
        new DeployedApi(
            URI.create(LOCALSTACK.getEndpoint() + "/_aws/execute-api/" + apiId + "/local"));
  }

  private static void run(Path directory, Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(directory.toFile());
    builder.environment().putAll(environment);
    Path log = Files.createTempFile("e2e-" + command[0], ".log");
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed; output in " + log + ":\n" + Files.readString(log));
    }
  }

  @Override
  protected E2eTarget target() {
    return target;
  }
}
