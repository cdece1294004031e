package io.sac4cps.sensors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.platform.outbox.KafkaOutboxPublisher;
import io.sac4cps.platform.snapshot.SnapshotHooks;
import io.sac4cps.sensors.AnnouncedRooms;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.TestTokens;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Cold start of every function's shaded Lambda jar next to a bare aws-lambda-java-core handler
 * doing the parse-and-respond part as a floor, each in a fresh JVM with the JIT setting CDK deploys
 * it with ({@code jit:} in contracts/wiring.yaml, decision 0009). Per function, three figures
 * (decision 0023):
 *
 * <ol>
 *   <li>JVM start to the first response;
 *   <li>the restore proxy: the handler built, the SnapStart hooks run ({@code beforeCheckpoint},
 *       priming included, then {@code afterRestore}), and the first real request timed in the same
 *       JVM: what a restored snapshot pays, minus the restore itself;
 *   <li>the same without priming.
 * </ol>
 *
 * Runs alternate function by function and mode by mode, so the machine's other load falls on all
 * alike. The other functions' jars come from their modules' {@code target/}: {@code -Pbench} makes
 * this module depend on them, so {@code -pl functions/sensors -am -Pbench} builds them first
 * (README). After the first request the same JVM sends a second one of the same kind: its time is
 * what the work itself costs once warm (identity's: the Argon2id hash, by design).
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA, Service.SNS, Service.SQS})
class ColdStartBenchmark {
  private static final int RUNS = Integer.getInteger("bench.runs", 5);

  /**
   * {@code -Dbench.functions=sensors,identity}: only these (and the floor); all when unset. The
   * names: sensors, rooms, identity (its login and {@value #IDENTITY_READ}), authorizer, analytics,
   * tasks, notifications.
   */
  private static final List<String> ONLY =
      List.of(System.getProperty("bench.functions", "").split(",")).stream()
          .filter(a -> !a.isBlank())
          .toList();

  /** Functions whose schema the benchmark migrates with one run before the timed ones. */
  private static final List<String> MIGRATED =
      List.of("rooms", "analytics", "tasks", "notifications");

  /**
   * {@code -Dbench.otlp=true}: each function runs twice per mode, alternating, as itself and as
   * {@code <name>+otlp}: its spans exported over OTLP/HTTP to a receiver this benchmark starts and
   * flushed at the end of the request, as with the ADOT collector in AWS (decision 0048).
   */
  private static final boolean OTLP = Boolean.getBoolean("bench.otlp");

  /** {@code -Dbench.aot=true}: every handler runs with a JDK AOT cache trained by one run. */
  private static final boolean AOT = Boolean.getBoolean("bench.aot");

  /** Extra JVM options for every timed handler, e.g. {@code -Dbench.jvmArgs=-Xlog:class+load}. */
  private static final List<String> EXTRA_JVM_ARGS =
      List.of(System.getProperty("bench.jvmArgs", "").split(" ")).stream()
          .filter(a -> !a.isBlank())
          .toList();

  private static final Pattern RESULT =
      Pattern.compile(
          "COLD_START_MS=(\\d+) STATUS=(\\d+) INIT_MS=(\\d+) HOOKS_MS=(\\d+)"
              + " FIRST_REQUEST_MS=([0-9.]+) REQUEST_CLASSES=(\\d+) WARM_REQUEST_MS=([0-9.]+)"
              + " RESTORE_MS=([0-9.]+)");

  /** Points org.crac at the test kit's simulated context, so the driver can run the hooks. */
  private static final String SIMULATED_CRAC =
      "-Dorg.crac.Core.Compat=" + io.sac4cps.testkit.crac.Core.class.getPackageName();

  private static final String FLOOR = "floor";

  /** identity's second timed request: {@code GET /users}, a token checked and a read, no hash. */
  private static final String IDENTITY_READ = "identity-read";

  /** The warm request's run number is the timed one's plus this (readings stay distinct). */
  private static final int WARM_RUN_OFFSET = 1800;

  /** Each function's classpath, its package unpacked once per benchmark. */
  private static final Map<String, String> CLASSPATHS = new java.util.HashMap<>();

  /** A cold start (1), or a restore proxy with (2) or without (3) priming. */
  private enum Mode {
    COLD,
    RESTORE_PRIMED,
    RESTORE_UNPRIMED
  }

  private record Timing(
      long totalMs,
      long initMs,
      long hooksMs,
      double requestMs,
      long requestClasses,
      double warmRequestMs,
      double restoreMs) {
    /** What a restored instance waits for: its afterRestore hooks, then its first request. */
    double proxyMs() {
      return restoreMs + requestMs;
    }
  }

  /** One handler and its request; {@code body} gets the run's number (a new reading each time). */
  private record Target(
      String name,
      String kind,
      String handler,
      String packaged,
      List<String> jvmOptions,
      Map<String, String> environment,
      String method,
      String path,
      String token,
      IntFunction<String> body,
      int status) {}

  /**
   * {@code options} for a function that signs in as its own database role (decision 0050): the
   * later {@code -D} wins over {@link Infrastructure#stringProperties()}'s, which are sensors'.
   */
  private static List<String> signedInAs(
      Infrastructure infrastructure, String schema, List<String> options) {
    PostgresDatabase database = infrastructure.databaseAs(schema);
    List<String> signedIn = new ArrayList<>(options);
    signedIn.add("-Ddatasources.default.username=" + database.username());
    signedIn.add("-Ddatasources.default.password=" + database.password());
    return signedIn;
  }

  @Test
  void coldStartAndRestoreProxyOfEveryFunctionAgainstTheFloor(Infrastructure infrastructure)
      throws Exception {
    Wiring wiring = Wiring.load();
    String tenant = "cold-" + UUID.randomUUID();
    // Valid for the whole benchmark: three runs of every function under load outlast the usual
    // 15 minutes, and an expired token would turn the last runs into 401s.
    String admin = longLived("gateway", tenant, "admin");
    try (ApiFunction sensors =
        ApiFunction.builder("sensors").properties(infrastructure.properties()).start()) {
      // Also migrates the schema, as the deploy-time migration step would in AWS.
      AnnouncedRooms.announce(sensors, tenant, "r");
      sensors.post(
          "/sensors",
          admin,
          "{\"id\":\"cold-1\",\"roomId\":\"r\",\"type\":\"temperature\",\"unit\":\"°C\"}");
    }
    List<String> common = new ArrayList<>();
    infrastructure.stringProperties().forEach((k, v) -> common.add("-D" + k + "=" + v));
    TestTokens.configuration().forEach((k, v) -> common.add("-D" + k + "=" + v));
    common.add("-Dflyway.datasources.default.enabled=false");
    // Lambda always sets AWS_REGION; the SDK clients Micronaut builds at startup need one.
    common.add("-Daws.region=us-east-1");
    common.addAll(EXTRA_JVM_ARGS);
    List<String> identityOptions = new ArrayList<>(common);
    identityOptions.add(
        "-Dsac4cps.identity.signing-key="
            + new RSAKeyGenerator(2048)
                .keyID("cold-" + UUID.randomUUID())
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate()
                .toJSONString());
    identityOptions.add(
        "-Dsac4cps.sns.topic-arns.identity-events=" + infrastructure.snsTopic("identity-events"));
    String email = "cold-" + UUID.randomUUID() + "@example.com";
    String password = "correct horse battery staple";
    String credentials = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    IntFunction<String> reading =
        run ->
            "{\"sensorId\":\"cold-1\",\"timestamp\":\"2026-01-01T00:"
                + String.format("%02d:%02d", run / 60, run % 60)
                + "Z\",\"value\":21.5}";

    List<Target> targets =
        List.of(
            new Target(
                "sensors",
                "proxy",
                httpHandler(wiring, "sensors"),
                "sensors",
                withJit(wiring, "sensors", signedInAs(infrastructure, "sensors", common)),
                Map.of(),
                "POST",
                "/sensors/data",
                admin,
                reading,
                202),
            // The same with the Kafka producer made by the first publish, as before decision 0068:
            // what starting it in afterRestore saves, measured in the same run.
            new Target(
                "sensors-producer-on-first-use",
                "proxy",
                httpHandler(wiring, "sensors"),
                "sensors",
                withJit(
                    wiring,
                    "sensors",
                    with(
                        signedInAs(infrastructure, "sensors", common),
                        "-D" + KafkaOutboxPublisher.START_AFTER_RESTORE + "=false")),
                Map.of(),
                "POST",
                "/sensors/data",
                admin,
                reading,
                202),
            new Target(
                "rooms",
                "proxy",
                httpHandler(wiring, "rooms"),
                "rooms",
                withJit(wiring, "rooms", signedInAs(infrastructure, "rooms", common)),
                Map.of(),
                "GET",
                "/rooms",
                admin,
                run -> null,
                200),
            new Target(
                "identity",
                "proxy",
                httpHandler(wiring, "identity"),
                "identity",
                withJit(
                    wiring, "identity", signedInAs(infrastructure, "identity", identityOptions)),
                Map.of(),
                "POST",
                "/auth/login",
                null,
                run -> credentials,
                200),
            // identity's login is one Argon2id check at the production cost, slow on purpose
            // (decision 0005): a read that hashes nothing shows what a restore itself adds.
            new Target(
                IDENTITY_READ,
                "proxy",
                httpHandler(wiring, "identity"),
                "identity",
                withJit(
                    wiring, "identity", signedInAs(infrastructure, "identity", identityOptions)),
                Map.of(),
                "GET",
                "/users?limit=10",
                admin,
                run -> null,
                200),
            new Target(
                "authorizer",
                "authorizer",
                httpHandler(wiring, "authorizer"),
                "authorizer",
                withJit(wiring, "authorizer", List.of()),
                Map.of(
                    "SAC4CPS_SECURITY_JWKS", TestTokens.jwks(),
                    "SAC4CPS_SECURITY_ISSUER", TestTokens.ISSUER,
                    "SAC4CPS_SECURITY_AUDIENCE", TestTokens.AUDIENCE),
                "GET",
                "/sensors/{id}",
                longLived("viewer-1", tenant, "viewer"),
                run -> null,
                200),
            apiTarget(
                wiring,
                "analytics",
                signedInAs(infrastructure, "analytics", common),
                "GET",
                "/analytics/summary",
                admin),
            apiTarget(
                wiring,
                "tasks",
                signedInAs(infrastructure, "tasks", common),
                "GET",
                "/tasks",
                admin),
            apiTarget(
                wiring,
                "notifications",
                signedInAs(infrastructure, "notifications", common),
                "GET",
                "/notifications",
                admin),
            new Target(
                FLOOR,
                "proxy",
                PlainReadingHandler.class.getName(),
                "sensors",
                withJit(wiring, "sensors", List.of()),
                Map.of(),
                "POST",
                "/sensors/data",
                null,
                reading,
                202));

    targets =
        targets.stream()
            .filter(
                t ->
                    ONLY.isEmpty()
                        || ONLY.contains(t.name())
                        || ONLY.contains(t.packaged())
                        || t.name().equals(FLOOR))
            .toList();
    // The schemas of the functions that have one here, and identity's account, made by one run
    // each.
    for (Target target : targets) {
      if (MIGRATED.contains(target.name())) {
        setUp(target, "-Dflyway.datasources.default.enabled=true", null, target.status());
      }
    }
    Target identity =
        targets.stream().filter(t -> t.name().equals("identity")).findFirst().orElse(null);
    if (identity != null) {
      setUp(
          identity,
          "-Dflyway.datasources.default.enabled=true",
          new Target(
              identity.name(),
              identity.kind(),
              identity.handler(),
              identity.packaged(),
              identity.jvmOptions(),
              identity.environment(),
              "POST",
              "/auth/register",
              null,
              run ->
                  "{\"email\":\""
                      + email
                      + "\",\"password\":\""
                      + password
                      + "\",\"name\":\"Cold\",\"organization\":\"Cold "
                      + UUID.randomUUID()
                      + "\"}",
              201),
          201);
    }

    java.util.concurrent.atomic.AtomicInteger exports =
        new java.util.concurrent.atomic.AtomicInteger();
    com.sun.net.httpserver.HttpServer collector = OTLP ? otlpReceiver(exports) : null;
    if (collector != null) {
      targets = withOtlp(targets, collector.getAddress().getPort());
    }
    Map<String, List<String>> aot = new LinkedHashMap<>();
    for (Target target : targets) {
      aot.put(target.name(), AOT ? List.of(aotCache(target)) : List.of("-Xshare:auto"));
    }
    Map<String, Map<Mode, List<Timing>>> timings = new LinkedHashMap<>();
    String loadBefore = loadAverage();
    int run = 0;
    for (int round = 0; round < RUNS; round++) {
      for (Mode mode : Mode.values()) {
        for (Target target : targets) {
          if (target.name().equals(FLOOR) && mode == Mode.RESTORE_UNPRIMED) {
            continue; // the floor has no hooks: primed or not is the same run
          }
          timings
              .computeIfAbsent(target.name(), n -> new EnumMap<>(Mode.class))
              .computeIfAbsent(mode, m -> new ArrayList<>())
              .add(start(target, mode, aot.get(target.name()), run++));
        }
      }
    }
    if (collector != null) {
      collector.stop(0);
      System.out.println("OTLP exports received by the benchmark's receiver: " + exports.get());
      assertThat(exports.get()).as("the +otlp runs exported their spans").isPositive();
    }
    report(timings, loadBefore, loadAverage());
  }

  /**
   * The machine's load averages (1, 5, 15 min), printed with the table: figures from a loaded
   * machine are read as ratios to the bare handler of the same run, not as absolute times.
   */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** A stand-in for the collector extension: accepts every OTLP/HTTP export and counts it. */
  private static com.sun.net.httpserver.HttpServer otlpReceiver(
      java.util.concurrent.atomic.AtomicInteger exports) throws IOException {
    var server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exports.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  /** Each function target followed by its {@code +otlp} twin (the floor has no spans). */
  private static List<Target> withOtlp(List<Target> targets, int port) {
    List<Target> both = new ArrayList<>();
    for (Target t : targets) {
      both.add(t);
      if (!t.name().equals(FLOOR)) {
        List<String> options = new ArrayList<>(t.jvmOptions());
        options.add("-Dtelemetry.otlp.endpoint=http://127.0.0.1:" + port + "/v1/traces");
        both.add(
            new Target(
                t.name() + "+otlp",
                t.kind(),
                t.handler(),
                t.packaged(),
                options,
                t.environment(),
                t.method(),
                t.path(),
                t.token(),
                t.body(),
                t.status()));
      }
    }
    return both;
  }

  private void report(
      Map<String, Map<Mode, List<Timing>>> timings, String loadBefore, String loadAfter) {
    Map<Mode, List<Timing>> floor = timings.get(FLOOR);
    double bareFirst = medianRequest(floor.get(Mode.RESTORE_PRIMED));
    long bareCold = median(floor.get(Mode.COLD).stream().map(Timing::totalMs).toList());
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            "%nBENCHMARK cold start and restore proxy%s, median of %d alternating runs (JIT as"
                + " deployed; restore proxy = handler built, beforeCheckpoint hooks run, then"
                + " afterRestore hooks + first request timed in the same JVM)%n",
            AOT ? " with a JDK AOT cache per handler" : "", RUNS));
    table.append(
        String.format(
            "load average (1/5/15 min) at the first timed run: %s; at the last: %s; %d cores%n",
            loadBefore, loadAfter, Runtime.getRuntime().availableProcessors()));
    table.append(
        "| function | (1) JVM start → first response | (2) restore proxy, primed:"
            + " afterRestore + first request (all hooks) |"
            + " (3) restore proxy, not primed | (2) / bare first request | classes loaded by"
            + " the first request, primed / not | warm request after (2) |\n");
    table.append("|---|---|---|---|---|---|---|\n");
    for (var entry : timings.entrySet()) {
      Map<Mode, List<Timing>> t = entry.getValue();
      long cold = median(t.get(Mode.COLD).stream().map(Timing::totalMs).toList());
      double primed = medianRequest(t.get(Mode.RESTORE_PRIMED));
      long hooks = median(t.get(Mode.RESTORE_PRIMED).stream().map(Timing::hooksMs).toList());
      double restore =
          t.get(Mode.RESTORE_PRIMED).stream()
              .map(Timing::restoreMs)
              .sorted()
              .toList()
              .get(t.get(Mode.RESTORE_PRIMED).size() / 2);
      long primedClasses =
          median(t.get(Mode.RESTORE_PRIMED).stream().map(Timing::requestClasses).toList());
      double warm =
          t.get(Mode.RESTORE_PRIMED).stream()
              .map(Timing::warmRequestMs)
              .sorted()
              .toList()
              .get(t.get(Mode.RESTORE_PRIMED).size() / 2);
      if (entry.getKey().equals(FLOOR)) {
        table.append(
            String.format(
                "| bare aws-lambda-java-core handler | %d ms | %.1f ms | – | 1.0× | %d | %.1f ms |%n",
                cold, primed, primedClasses, warm));
        continue;
      }
      double unprimed = medianRequest(t.get(Mode.RESTORE_UNPRIMED));
      long unprimedClasses =
          median(t.get(Mode.RESTORE_UNPRIMED).stream().map(Timing::requestClasses).toList());
      table.append(
          String.format(
              "| %s | %d ms (%.0f× bare) | %.1f ms (afterRestore %.1f ms; %d ms) | %.1f ms | %.1f× %s"
                  + " | %d / %d | %.1f ms |%n",
              entry.getKey(),
              cold,
              (double) cold / bareCold,
              primed,
              restore,
              hooks,
              unprimed,
              primed / bareFirst,
              primed / bareFirst <= 2 ? "(≤ 2×: met)" : "(≤ 2×: not met)",
              primedClasses,
              unprimedClasses,
              warm));
    }
    table.append("all runs (afterRestore + first request, ms):");
    timings.forEach(
        (name, t) ->
            t.forEach(
                (mode, runs) ->
                    table.append(
                        " "
                            + name
                            + "/"
                            + mode
                            + "="
                            + runs.stream().map(Timing::proxyMs).toList())));
    System.out.println(table.append("\n"));
  }

  private static String longLived(String subject, String tenant, String role) {
    return TestTokens.builder()
        .subject(subject)
        .tenant(tenant)
        .roles(role)
        .expiresAt(java.time.Instant.now().plus(java.time.Duration.ofHours(3)))
        .sign();
  }

  /** A Micronaut function answering {@code 200} to a read with {@code token}. */
  private static Target apiTarget(
      Wiring wiring,
      String function,
      List<String> common,
      String method,
      String path,
      String token) {
    return new Target(
        function,
        "proxy",
        httpHandler(wiring, function),
        function,
        withJit(wiring, function, common),
        Map.of(),
        method,
        path,
        token,
        run -> null,
        200);
  }

  private static List<String> with(List<String> options, String option) {
    List<String> all = new ArrayList<>(options);
    all.add(option);
    return all;
  }

  private static String httpHandler(Wiring wiring, String function) {
    return wiring.function(function).orElseThrow().handler();
  }

  private static List<String> withJit(Wiring wiring, String function, List<String> options) {
    List<String> all =
        new ArrayList<>(
            List.of(wiring.function(function).orElseThrow().jit().jvmOptions().split(" ")));
    all.addAll(options);
    return all;
  }

  /** A run of {@code target} (or {@code request} on its JVM) whose figures are not kept. */
  private void setUp(Target target, String option, Target request, int status)
      throws IOException, InterruptedException {
    Target run = request == null ? target : request;
    List<String> options = new ArrayList<>(run.jvmOptions());
    options.add(option);
    start(
        new Target(
            run.name(),
            run.kind(),
            run.handler(),
            run.packaged(),
            options,
            run.environment(),
            run.method(),
            run.path(),
            run.token(),
            run.body(),
            status),
        Mode.COLD,
        List.of(),
        0);
  }

  /** Trains the JDK's AOT cache with one run of {@code target}; returns the option using it. */
  private String aotCache(Target target) throws IOException, InterruptedException {
    Path cache = Path.of("target", target.name() + ".aot");
    Files.deleteIfExists(cache);
    start(target, Mode.COLD, List.of("-XX:AOTCacheOutput=" + cache), 0);
    return "-XX:AOTCache=" + cache;
  }

  private static Timing start(Target target, Mode mode, List<String> extra, int run)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(target.jvmOptions());
    command.addAll(extra);
    if (mode != Mode.COLD) {
      command.add(SIMULATED_CRAC);
      command.add("-D" + SnapshotHooks.PRIMING_PROPERTY + "=" + (mode == Mode.RESTORE_PRIMED));
    }
    command.add("-cp");
    command.add(classpath(target.packaged()));
    command.add(ColdStartDriver.class.getName());
    command.add(target.kind());
    command.add(target.handler());
    command.add(target.method());
    command.add(target.path());
    command.add(target.token() == null ? "-" : target.token());
    String body = target.body().apply(run);
    command.add(body == null ? "-" : body);
    command.add(mode == Mode.COLD ? "cold" : "restore");
    // The warm request's body: another reading, so it takes the same path as the first.
    String warmBody = target.body().apply(run + WARM_RUN_OFFSET);
    command.add(warmBody == null ? "-" : warmBody);
    Path log = Files.createTempFile("cold-start", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(target.environment());
    int exit = builder.start().waitFor();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    assertThat(exit).as(output).isZero();
    Matcher result = RESULT.matcher(output);
    assertThat(result.find()).as(output).isTrue();
    System.out.println(target.name() + " " + mode + ": " + result.group());
    assertThat(Integer.parseInt(result.group(2))).as(output).isEqualTo(target.status());
    assertThat(output).as("the hooks' output").doesNotContain("priming failed");
    return new Timing(
        Long.parseLong(result.group(1)),
        Long.parseLong(result.group(3)),
        Long.parseLong(result.group(4)),
        Double.parseDouble(result.group(5)),
        Long.parseLong(result.group(6)),
        Double.parseDouble(result.group(7)),
        Double.parseDouble(result.group(8)));
  }

  /**
   * The function's package (unpacked as Lambda does: it loads classes from /var/task, not from a
   * jar; with {@code -Dbench.aot=true} it stays a jar, as the AOT cache takes classes from jars
   * only), plus the driver, the Lambda context and the simulated CRaC context: nothing else.
   */
  private static String classpath(String function) throws IOException {
    String known = CLASSPATHS.get(function);
    if (known != null) {
      return known;
    }
    Path packaged = Path.of("..", function, "target", function + "-lambda.jar");
    assertThat(packaged)
        .as("the shaded jar of " + function + ", built by 'package' in the same reactor")
        .exists();
    Path jar = AOT ? packaged : unpack(packaged, Path.of("target", "cold-start-" + function));
    List<String> entries = new ArrayList<>();
    entries.add(jar.toString());
    for (Class<?> type :
        List.of(ColdStartDriver.class, PlainReadingHandler.class, LocalLambdaContext.class)) {
      Path source = codeSource(type);
      entries.add((Files.isDirectory(source) ? jarOf(type, source) : source).toString());
    }
    Path crac = codeSource(io.sac4cps.testkit.crac.Core.class);
    entries.add(
        (Files.isDirectory(crac) ? jarOfPackage(io.sac4cps.testkit.crac.Core.class, crac) : crac)
            .toString());
    String classpath = String.join(File.pathSeparator, entries);
    CLASSPATHS.put(function, classpath);
    return classpath;
  }

  /** {@code type} and its nested classes from the class directory {@code root}, as a jar. */
  private static Path jarOf(Class<?> type, Path root) throws IOException {
    Path jar = Path.of("target", type.getSimpleName() + ".jar");
    String prefix = type.getName().replace('.', '/');
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
        var files = Files.list(root.resolve(prefix).getParent())) {
      for (Path file : files.toList()) {
        String name = root.relativize(file).toString().replace(File.separatorChar, '/');
        if (name.equals(prefix + ".class") || name.startsWith(prefix + "$")) {
          out.putNextEntry(new java.util.jar.JarEntry(name));
          Files.copy(file, out);
          out.closeEntry();
        }
      }
    }
    return jar;
  }

  /** Every class of {@code type}'s package from the class directory {@code root}, as a jar. */
  private static Path jarOfPackage(Class<?> type, Path root) throws IOException {
    Path jar = Path.of("target", type.getPackageName() + ".jar");
    Path directory = root.resolve(type.getPackageName().replace('.', '/'));
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
        var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        out.putNextEntry(
            new java.util.jar.JarEntry(
                root.relativize(file).toString().replace(File.separatorChar, '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /** The median restore proxy (afterRestore + first request; the first request alone if cold). */
  private static double medianRequest(List<Timing> runs) {
    List<Double> sorted = runs.stream().map(Timing::proxyMs).sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path unpack(Path jar, Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (var old = Files.walk(directory)) {
        old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
      for (var entries = zip.entries(); entries.hasMoreElements(); ) {
        var entry = entries.nextElement();
        Path target = directory.resolve(entry.getName()).normalize();
        if (!target.startsWith(directory)) {
          continue;
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (var in = zip.getInputStream(entry)) {
            Files.copy(in, target);
          }
        }
      }
    }
    return directory;
  }
}
