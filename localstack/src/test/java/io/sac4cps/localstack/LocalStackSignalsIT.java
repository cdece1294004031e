package io.sac4cps.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    Path root = Path.of(System.getProperty("sac4cps.root", "..")).toAbsolutePath().normalize();
    ProcessBuilder launcher =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dsac4cps.root=" + root,
                LocalStackMain.class.getName(),
                "--data",
                data.toString())
            .redirectErrorStream(true);
    launcher.environment().put("PORT", "0");
    Process stack = launcher.start();
    StringBuilder console = new StringBuilder();
    try {
      CompletableFuture<Void> up = new CompletableFuture<>();
      CompletableFuture<Void> ended = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(
                        new InputStreamReader(stack.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (console) {
                      console.append(line).append('\n');
                    }
                    if (line.contains("local stack is up at")) {
                      up.complete(null);
                    }
                  }
                } catch (IOException e) {
                  // the process ended
                }
                up.completeExceptionally(new AssertionError("the stack ended:\n" + console));
                ended.complete(null);
              });
      up.get(240, TimeUnit.SECONDS);
      ProcessHandle postmaster =
          ProcessHandle.allProcesses()
              .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
              .filter(
                  p ->
                      List.of(p.info().arguments().orElse(new String[0]))
                          .contains(data.resolve("postgres").toString()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no postgres on " + data));

      // SIGTERM; Process.destroy() would also close our end of its output, hiding its last lines.
      stack.toHandle().destroy();

      assertThat(stack.waitFor(60, TimeUnit.SECONDS))
          .as(() -> "stopped within 60 s; where its threads are:\n" + threadsOf(stack))
          .isTrue();
      assertThat(stack.exitValue()).as("exit status of a JVM ended by SIGTERM").isEqualTo(143);
      ended.get(10, TimeUnit.SECONDS);
      assertThat(console.toString()).contains("stopping the local stack...").contains("stopped.");
      assertThat(postmaster.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
      assertThat(data.resolve("postgres/postmaster.pid"))
          .as("PostgreSQL shut down cleanly (it removes its pid file)")
          .doesNotExist();
      assertThat(Files.exists(data.resolve("postgres/PG_VERSION"))).as("data kept").isTrue();
    } finally {
      stack.destroyForcibly();
    }
  }

  /** A thread dump of a process still running, so a slow stop names what it waits for. */
  private static String threadsOf(Process process) {
    try {
      Process jstack =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                  String.valueOf(process.pid()))
              .redirectErrorStream(true)
              .start();
      return new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no thread dump: " + e.getMessage() + ")";
    }
  }
}
