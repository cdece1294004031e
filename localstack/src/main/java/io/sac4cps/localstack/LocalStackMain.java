package io.sac4cps.localstack;

import io.sac4cps.localstack.demo.DemoOrganisation;
import io.sac4cps.localstack.demo.ReadingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code localstack/start [--demo]}: starts the local stack on {@code PORT} (8000), prints the URL,
 * the demo credentials and how to stop, and stops everything on Ctrl-C. With {@code --demo} it
 * seeds a demo organisation and runs a simulator posting readings.
 */
public final class LocalStackMain {
  private LocalStackMain() {}

  public static void main(String[] args) throws InterruptedException {
    boolean demo = List.of(args).contains("--demo");
    Map<String, String> environment = System.getenv();
    int port = Integer.parseInt(environment.getOrDefault("PORT", "8000"));
    Path root = Path.of(System.getProperty("sac4cps.root", ".")).toAbsolutePath().normalize();

    long started = System.nanoTime();
    LocalStack stack;
    try {
      stack = LocalStack.start(new LocalStack.Options(root, port, environment));
    } catch (RuntimeException e) {
      System.err.println("The local stack did not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    ReadingSimulator[] simulator = new ReadingSimulator[1];
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println();
                  System.out.println("Stopping the local stack...");
                  if (simulator[0] != null) {
                    simulator[0].close();
                  }
                  stack.close();
                  System.out.println("Stopped.");
                  stopped.countDown();
                },
                "localstack-shutdown"));

    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    String url = stack.url().toString();
    StringBuilder banner = new StringBuilder();
    banner.append("\n  sac4cps local stack is up at ").append(url).append(" (").append(seconds);
    banner.append(" s)\n\n  functions: ");
    stack.functionStates().forEach((name, state) -> banner.append(name + "=" + state + " "));
    banner.append("\n  services:  ").append(stack.services().kinds());
    banner.append("\n  health:    curl ").append(url).append("/health");
    banner.append("\n  access log: ").append(stack.accessLogFile());
    if (demo) {
      DemoOrganisation organisation = DemoOrganisation.seed(stack);
      banner.append("\n\n").append(organisation.credentials(url));
      simulator[0] = new ReadingSimulator(stack.url(), organisation).start();
    } else {
      String token =
          stack.mintToken("local-admin", "local", List.of("admin"), Duration.ofHours(12));
      banner.append("\n\n  demo credentials (tenant 'local', role admin, valid 12 h):");
      banner.append("\n    export TOKEN=").append(token);
      banner
          .append("\n    curl -H \"Authorization: Bearer $TOKEN\" ")
          .append(url)
          .append("/sensors");
      if (stack.isRunning(LocalStack.IDENTITY)) {
        banner.append("\n  or register: curl -X POST ").append(url).append("/auth/register ...");
      }
    }
    banner.append("\n\n  Stop with Ctrl-C.\n");
    System.out.println(banner);
    stopped.await();
  }
}
