package io.sac4cps.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code localstack/start} as scripts, supervisors and CI stop it: SIGTERM (a background job never
 * gets Ctrl-C's SIGINT). A real launcher process is started and sent SIGTERM; it must stop
 * everything in order, its embedded PostgreSQL included, and leave the kept data cleanly shut down.
 */
class LocalStackSignalsIT {

  @Test
  void sigtermStopsTheStackAndItsPostgresCleanly(@TempDir Path data) throws Exception {
    try (Launcher stack = Launcher.start("--data", data.toString())) {
      stack.awaitLine("local stack is up at", Duration.ofSeconds(240));
      ProcessHandle postmaster =
          ProcessHandle.allProcesses()
              .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
              .filter(
                  p ->
                      List.of(p.info().arguments().orElse(new String[0]))
                          .contains(data.resolve("postgres").toString()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no postgres on " + data));

      stack.terminate();

      assertThat(stack.process().waitFor(60, TimeUnit.SECONDS))
          .as(() -> "stopped within 60 s; where its threads are:\n" + stack.threads())
          .isTrue();
      assertThat(stack.process().exitValue())
          .as("exit status of a JVM ended by SIGTERM")
          .isEqualTo(143);
      stack.awaitConsoleEnd(Duration.ofSeconds(10));
      assertThat(stack.console()).contains("stopping the local stack...").contains("stopped.");
      assertThat(postmaster.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
      assertThat(data.resolve("postgres/postmaster.pid"))
          .as("PostgreSQL shut down cleanly (it removes its pid file)")
          .doesNotExist();
      assertThat(Files.exists(data.resolve("postgres/PG_VERSION"))).as("data kept").isTrue();
    }
  }
}
