package io.sac4cps.localstack;

import io.sac4cps.localstack.demo.DemoOrganisation;
import io.sac4cps.localstack.demo.ReadingSimulator;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code localstack/start [--demo] [--data DIR]}: starts the local stack on {@code PORT} (8000).
 * The console gets one line per step and the banner (URL, credentials, how to stop); everything
 * else (the functions' JSON logs, the servers' logs) goes to {@code
 * localstack/target/logs/localstack.log}. Ctrl-C and SIGTERM stop everything the same way. With
 * {@code --demo} it seeds a demo organisation (health is UP only once it exists) and runs a
 * simulator posting readings; with {@code --data DIR} PostgreSQL and Kafka keep their data there.
 */
public final class LocalStackMain {
  private static final String DEMO = "demo organisation";
  private static final String USAGE =
      """
      usage: localstack/start [--demo] [--data DIR]
        --demo       seed a demo organisation and run a reading simulator
        --data DIR   keep PostgreSQL's and Kafka's data in DIR across restarts (default: throw-away)
      environment: PORT (default 8000), SKIP_BUILD=1, SAC4CPS_* external servers (see README)""";

  private LocalStackMain() {}

  /** What the command line asks for. */
  record Arguments(boolean demo, Optional<Path> dataDirectory) {
    static Arguments parse(List<String> args) {
      boolean demo = false;
      Optional<Path> data = Optional.empty();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg.equals("--demo")) {
          demo = true;
        } else if (arg.equals("--data") && i + 1 < args.size()) {
          data = Optional.of(Path.of(args.get(++i)));
        } else if (arg.startsWith("--data=") && arg.length() > "--data=".length()) {
          data = Optional.of(Path.of(arg.substring("--data=".length())));
        } else {
          throw new IllegalArgumentException(
              arg.equals("--data") ? "--data needs a directory" : "unknown argument " + arg);
        }
      }
      return new Arguments(demo, data.map(p -> p.toAbsolutePath().normalize()));
    }
  }

  public static void main(String[] args) throws InterruptedException, IOException {
    PrintStream console = System.out;
    Arguments arguments;
    try {
      arguments = Arguments.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      console.println(e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }
    Map<String, String> environment = System.getenv();
    int port = Integer.parseInt(environment.getOrDefault("PORT", "8000"));
    Path root = Path.of(System.getProperty("sac4cps.root", ".")).toAbsolutePath().normalize();

    // Before anything logs: every System.out/err writer (the functions' loggers, the servers')
    // writes to the file, the console keeps the steps and the banner.
    Path logFile = root.resolve("localstack/target/logs/localstack.log");
    Files.createDirectories(logFile.getParent());
    PrintStream log =
        new PrintStream(new FileOutputStream(logFile.toFile()), true, StandardCharsets.UTF_8);
    System.setOut(log);
    System.setErr(log);
    Steps steps = new Steps(console, log);

    steps.say("starting; full log in " + logFile);
    arguments
        .dataDirectory()
        .ifPresent(d -> steps.say("PostgreSQL and Kafka keep their data in " + d));
    long started = System.nanoTime();
    LocalStack.Options options =
        new LocalStack.Options(root, port, environment).reportingTo(steps::say);
    if (arguments.dataDirectory().isPresent()) {
      options = options.keepingDataIn(arguments.dataDirectory().get());
    }
    if (arguments.demo()) {
      options = options.preparing(DEMO);
    }
    LocalStack stack;
    try {
      stack = LocalStack.start(options);
    } catch (RuntimeException e) {
      e.printStackTrace(log);
      console.println("The local stack did not start: " + e.getMessage());
      console.println("Details in " + logFile);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    ReadingSimulator[] simulator = new ReadingSimulator[1];
    // The JVM runs this on Ctrl-C (SIGINT), SIGTERM and SIGHUP alike.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  console.println();
                  steps.say("stopping the local stack...");
                  if (simulator[0] != null) {
                    simulator[0].close();
                  }
                  stack.close();
                  steps.say("stopped.");
                  stopped.countDown();
                },
                "localstack-shutdown"));

    String url = stack.url().toString();
    String credentials;
    if (arguments.demo()) {
      steps.say("seeding the demo organisation (/health answers STARTING until it is ready)...");
      DemoOrganisation organisation;
      try {
        organisation = DemoOrganisation.seed(stack);
      } catch (RuntimeException e) {
        e.printStackTrace(log);
        console.println("The demo was not seeded: " + e.getMessage());
        System.exit(1);
        return;
      }
      stack.prepared(DEMO);
      steps.say(
          organisation.found()
              ? "demo organisation found from the last run; /health is UP"
              : "demo organisation created; /health is UP");
      credentials = organisation.credentials(url);
      simulator[0] = new ReadingSimulator(stack.url(), organisation, steps::say).start();
    } else {
      credentials = localCredentials(stack, url);
    }

    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    StringBuilder banner = new StringBuilder();
    banner.append("\n  sac4cps local stack is up at ").append(url).append(" (").append(seconds);
    banner.append(" s)\n\n  functions:  ");
    stack.functionStates().forEach((name, state) -> banner.append(name + "=" + state + " "));
    banner.append("\n  services:   ").append(stack.services().kinds());
    banner.append("\n  data:       ");
    banner.append(
        arguments
            .dataDirectory()
            .map(d -> "kept in " + d)
            .orElse("throw-away (--data DIR keeps it)"));
    banner.append("\n  dashboard:  ");
    banner.append(stack.servesDashboard() ? url + "/" : "not built (./mvnw -pl web package)");
    banner.append("\n  health:     curl ").append(url).append("/health");
    banner.append("\n  log:        ").append(logFile);
    banner.append("\n  access log: ").append(stack.accessLogFile());
    banner.append("\n\n").append(credentials);
    banner
        .append("\n\n  Stop with Ctrl-C (or SIGTERM: kill ")
        .append(ProcessHandle.current().pid());
    banner.append(").\n");
    console.println(banner);
    log.println(banner);
    stopped.await();
  }

  private static String localCredentials(LocalStack stack, String url) {
    Duration lifetime = Duration.ofHours(12);
    String token = stack.mintToken("local-admin", "local", List.of("admin"), lifetime);
    StringBuilder text = new StringBuilder();
    text.append("  a token (tenant 'local', role admin, valid 12 h, until this stack stops):");
    text.append("\n    export TOKEN=").append(token);
    text.append("\n    curl -H \"Authorization: Bearer $TOKEN\" ").append(url).append("/sensors");
    if (stack.isTokenIssuerRunning()) {
      text.append("\n  or register an organisation and log in (identity's tokens last 15 min):");
      text.append("\n    curl -X POST ")
          .append(url)
          .append("/auth/register -H 'Content-Type: application/json' -d")
          .append(" '{\"email\":\"me@example.com\",\"password\":\"a-Long-Password-1\",")
          .append("\"name\":\"Me\",\"organization\":\"My Org\"}'");
      text.append("\n    export TOKEN=$(curl -s -X POST ")
          .append(url)
          .append("/auth/login -H 'Content-Type: application/json' -d")
          .append(" '{\"email\":\"me@example.com\",\"password\":\"a-Long-Password-1\"}'")
          .append(" | sed -E 's/.*\"accessToken\":\"([^\"]+)\".*/\\1/')");
    }
    return text.toString();
  }

  /** One line per step, on the console and in the log. */
  private record Steps(PrintStream console, PrintStream log) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    void say(String step) {
      String line = LocalTime.now().format(TIME) + "  " + step;
      console.println(line);
      log.println(line);
    }
  }
}
