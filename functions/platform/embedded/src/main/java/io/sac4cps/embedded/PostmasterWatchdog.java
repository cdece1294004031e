package io.sac4cps.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an embedded PostgreSQL whose JVM died without stopping it (SIGKILL, the OOM killer, a CI
 * timeout). The postmaster is a process of its own and would live on, holding its port, memory and
 * data directory: orphans piled up on shared machines. A tiny shell process polls the JVM's pid
 * and, once the JVM is gone, sends the postmaster SIGINT (a fast, clean shutdown) and deletes a
 * throw-away data directory. {@link #close()} ends the watch when the server is stopped normally.
 */
final class PostmasterWatchdog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostmasterWatchdog.class);
  private static final Path SHELL = Path.of("/bin/sh");

  // The postmaster pid is checked against postmaster.pid (gone after a clean stop), so a reused
  // pid is never signalled.
  private static final String SCRIPT =
      """
      owner=$1 postmaster=$2 data=$3 throwaway=$4
      while kill -0 "$owner" 2>/dev/null; do sleep 1; done
      if [ -f "$data/postmaster.pid" ] && [ "$(head -n 1 "$data/postmaster.pid")" = "$postmaster" ]; then
        kill -INT "$postmaster"
        i=0; while kill -0 "$postmaster" 2>/dev/null && [ $i -lt 60 ]; do sleep 1; i=$((i+1)); done
      fi
      if [ "$throwaway" = true ]; then rm -rf "$data"; fi
      """;

  private final Process watchdog;

  private PostmasterWatchdog(Process watchdog) {
    this.watchdog = watchdog;
  }

  /**
   * Watches this JVM on behalf of a running postmaster.
   *
   * @param throwaway whether the data directory goes with the server
   * @return the watch, or an inert one where there is no POSIX shell (the server then lives on if
   *     the JVM is killed, as before)
   */
  static PostmasterWatchdog watch(long postmasterPid, Path dataDirectory, boolean throwaway) {
    if (!Files.isExecutable(SHELL)) {
      LOG.warn("no {}: an embedded PostgreSQL outlives this JVM if it is killed", SHELL);
      return new PostmasterWatchdog(null);
    }
    try {
      Process process =
          new ProcessBuilder(
                  SHELL.toString(),
                  "-c",
                  SCRIPT,
                  "postmaster-watchdog",
                  Long.toString(ProcessHandle.current().pid()),
                  Long.toString(postmasterPid),
                  dataDirectory.toString(),
                  Boolean.toString(throwaway))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      return new PostmasterWatchdog(process);
    } catch (IOException e) {
      LOG.warn(
          "no watchdog for the embedded PostgreSQL ({}): it outlives a killed JVM", e.toString());
      return new PostmasterWatchdog(null);
    }
  }

  @Override
  public void close() {
    if (watchdog != null) {
      watchdog.destroy();
    }
  }
}
