package io.sac4cps.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real app, synthesized by the pinned CDK CLI exactly as {@code cdk deploy} would run it: the
 * command of cdk.json, the real contract files and the function jars the reactor built before this
 * module.
 */
class CdkSynthIT {

  static final Path MODULE = Path.of("").toAbsolutePath();

  @Test
  void thePinnedCliSynthesizesTheWholeApp() throws Exception {
    if (!Files.isExecutable(MODULE.resolve("node_modules/.bin/cdk"))) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund"), 10);
    }
    Path out = MODULE.resolve("target/cdk.out");

    String log =
        run(
            List.of(
                "node_modules/.bin/cdk",
                "synth",
                "--quiet",
                "--no-notices",
                "--output",
                out.toString(),
                "--context",
                "stage=dev"),
            15);

    Path template = out.resolve("sac4cps-dev.template.json");
    assertThat(template).as(log).isRegularFile();
    assertThat(Files.readString(template))
        .contains("AWS::ApiGateway::RestApi")
        .contains("AWS::ApiGatewayV2::Api")
        .contains("AWS::MSK::ServerlessCluster")
        .contains("AWS::RDS::DBProxy");
  }

  private static String run(List<String> command, int minutes)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("cdk", ".log");
    ProcessBuilder process =
        new ProcessBuilder(command)
            .directory(MODULE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> environment = process.environment();
    // The app runs on this test's JDK (>= 21), whatever `java` is first on the PATH.
    environment.put(
        "PATH",
        Path.of(System.getProperty("java.home"), "bin")
            + File.pathSeparator
            + environment.getOrDefault("PATH", ""));
    environment.put("CDK_DISABLE_VERSION_CHECK", "true");
    Process started = process.start();
    boolean finished = started.waitFor(minutes, TimeUnit.MINUTES);
    String output = Files.readString(log);
    if (!finished) {
      started.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + minutes + " min:\n" + output);
    }
    assertThat(started.exitValue()).as(command + ":\n" + output).isZero();
    return output;
  }
}
