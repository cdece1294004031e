package io.sac4cps.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code localstack/start} as a person or a supervisor runs it: {@link LocalStackMain} in its own
 * JVM on a free port, its console collected line by line. Closing it kills what is left.
 */
public final class Launcher implements AutoCloseable {
  private final Process process;
  private final StringBuilder console = new StringBuilder();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final List<Waiting> waiting = new ArrayList<>();

  private record Waiting(String text, CompletableFuture<Void> seen) {}

  private Launcher(Process process) {
    this.process = process;
    Thread.ofVirtual().start(this::collect);
  }

  /** Starts the launcher with {@code arguments} (e.g. {@code --demo}), {@code PORT=0}. */
  public static Launcher start(String... arguments) throws IOException {
    Path root = Path.of(System.getProperty("sac4cps.root", "..")).toAbsolutePath().normalize();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dsac4cps.root=" + root,
                LocalStackMain.class.getName()));
    command.addAll(List.of(arguments));
    ProcessBuilder launcher = new ProcessBuilder(command).redirectErrorStream(true);
    launcher.environment().put("PORT", "0");
    return new Launcher(launcher.start());
  }

  /**
   * Waits until a console line contains {@code text}; fails with the console so far if the launcher
   * ends first or the time runs out.
   */
  public void awaitLine(String text, Duration timeout) throws Exception {
    CompletableFuture<Void> seen = new CompletableFuture<>();
    synchronized (console) {
      if (console.indexOf(text) >= 0) {
        return;
      }
      if (ended.isDone()) {
        throw new AssertionError("the stack ended before \"" + text + "\":\n" + console);
      }
      waiting.add(new Waiting(text, seen));
    }
    try {
      seen.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw (AssertionError) e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("no \"" + text + "\" within " + timeout + ":\n" + console());
    }
  }

  /** Everything printed so far. */
  public String console() {
    synchronized (console) {
      return console.toString();
    }
  }

  public Process process() {
    return process;
  }

  /** Sends SIGTERM, as a supervisor or a CI job does ({@code destroy()} on POSIX). */
  public void terminate() {
    // Process.destroy() would also close our end of its output, hiding its last lines.
    process.toHandle().destroy();
  }

  /** Waits for the console to be read to its end once the process has ended. */
  public void awaitConsoleEnd(Duration timeout) throws Exception {
    ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A thread dump of the launcher while it runs, so a slow stop names what it waits for. */
  public String threads() {
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

  /** SIGTERM, a minute to stop, then SIGKILL. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      terminate();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private void collect() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String read; (read = lines.readLine()) != null; ) {
        String line = read;
        synchronized (console) {
          console.append(line).append('\n');
          waiting.removeIf(
              w -> {
                boolean found = line.contains(w.text());
                if (found) {
                  w.seen().complete(null);
                }
                return found;
              });
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    synchronized (console) {
      ended.complete(null);
      waiting.forEach(
          w ->
              w.seen()
                  .completeExceptionally(
                      new AssertionError(
                          "the stack ended before \"" + w.text() + "\":\n" + console)));
      waiting.clear();
    }
  }
}
