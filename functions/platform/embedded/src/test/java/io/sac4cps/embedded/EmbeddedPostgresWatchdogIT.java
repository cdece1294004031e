package io.sac4cps.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A JVM killed with SIGKILL (what the OOM killer and CI timeouts do) runs no shutdown hook; its
 * embedded PostgreSQL, a process of its own, must still go, with its throw-away data directory.
 * Real processes: a child JVM, its postmaster, and the watchdog between them.
 */
class EmbeddedPostgresWatchdogIT {

  @Test
  void thePostgresOfAKilledJvmStopsAndItsDataDirectoryGoes() throws Exception {
    Process child = startChild();
    try {
      int port = awaitReady(child);
      ProcessHandle postmaster = postmasterOn(port);
      Path dataDirectory = dataDirectoryOf(postmaster);
      assertThat(accepts(port)).as("postgres listens before the kill").isTrue();
      assertThat(dataDirectory.resolve("PG_VERSION")).exists();

      child.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

      assertThat(within(Duration.ofSeconds(30), () -> !running(postmaster)))
          .as("postmaster %d still runs 30 s after its JVM was killed", postmaster.pid())
          .isTrue();
      assertThat(accepts(port)).as("port %d still accepts connections", port).isFalse();
      assertThat(within(Duration.ofSeconds(10), () -> !Files.exists(dataDirectory)))
          .as("throw-away data directory %s is deleted", dataDirectory)
          .isTrue();
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void whenTheWatchdogDiedWithItsJvmTheNextStartStopsTheOrphan() throws Exception {
    Process child = startChild();
    try {
      int port = awaitReady(child);
      ProcessHandle postmaster = postmasterOn(port);
      Path dataDirectory = dataDirectoryOf(postmaster);
      // As when a whole process group is killed: the watchdog goes with the JVM.
      List<ProcessHandle> watchdogs = child.toHandle().children().toList();
      assertThat(watchdogs).as("the child JVM's watchdog").isNotEmpty();
      watchdogs.forEach(ProcessHandle::destroyForcibly);
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(2000);
      assertThat(running(postmaster)).as("an orphan, with nobody watching").isTrue();
      // Orphans younger than 30 s might be servers still starting; age this one's lock file.
      Files.setLastModifiedTime(
          dataDirectory.resolve("epg-lock"), FileTime.from(Instant.now().minusSeconds(60)));

      try (EmbeddedPostgresServer next = EmbeddedPostgresServer.start()) {
        assertThat(within(Duration.ofSeconds(15), () -> !running(postmaster)))
            .as("the next start stopped orphan %d", postmaster.pid())
            .isTrue();
        assertThat(accepts(port)).isFalse();
        assertThat(dataDirectory).doesNotExist();
        assertThat(accepts(next.port())).as("and started its own server").isTrue();
      }
    } finally {
      child.destroyForcibly();
    }
  }

  private static Process startChild() throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            PostgresOfAKilledJvm.class.getName())
        .redirectErrorStream(true)
        .start();
  }

  /** pg_ctl starts the postmaster detached: found by its port, not among the child's children. */
  private static ProcessHandle postmasterOn(int port) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
        .filter(p -> isListeningOn(p, port))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no postgres on port " + port));
  }

  private static int awaitReady(Process child) throws Exception {
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder output = new StringBuilder();
                for (String line; (line = lines.readLine()) != null; ) {
                  output.append(line).append('\n');
                  if (line.startsWith(PostgresOfAKilledJvm.READY)) {
                    ready.complete(
                        Integer.parseInt(
                            line.substring(PostgresOfAKilledJvm.READY.length()).trim()));
                  }
                }
                ready.completeExceptionally(
                    new AssertionError("child JVM ended before postgres started:\n" + output));
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
            });
    return ready.get(120, TimeUnit.SECONDS);
  }

  private static boolean isListeningOn(ProcessHandle postgres, int port) {
    List<String> arguments = List.of(postgres.info().arguments().orElse(new String[0]));
    int flag = arguments.indexOf("-p");
    return flag >= 0 && arguments.size() > flag + 1 && arguments.get(flag + 1).equals("" + port);
  }

  private static Path dataDirectoryOf(ProcessHandle postmaster) {
    List<String> arguments = List.of(postmaster.info().arguments().orElseThrow());
    return Path.of(arguments.get(arguments.indexOf("-D") + 1));
  }

  /** Alive and not a zombie: an orphan reparented to an init that does not reap stays a zombie. */
  private static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false; // gone between the two checks
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean within(Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(200);
    }
    return condition.getAsBoolean();
  }
}
