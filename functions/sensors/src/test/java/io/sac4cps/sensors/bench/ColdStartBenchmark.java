package io.sac4cps.sensors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.TestTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Cold start of the shaded sensors Lambda jar: milliseconds from JVM start to the first handled
 * request (a reading posted, stored and its event relayed), in a fresh JVM each time, next to a
 * bare aws-lambda-java-core handler doing the parse-and-respond part as a floor. Both run with the
 * JIT setting CDK deploys sensors with ({@code jit:} in contracts/wiring.yaml, decision 0009). Run
 * with {@code -Pbench}.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class ColdStartBenchmark {
  private static final int RUNS = Integer.getInteger("bench.runs", 5);

  /** The handler to time; {@code -Dbench.handler} and {@code -Dbench.classpath} try another. */
  private static final String HANDLER =
      System.getProperty(
          "bench.handler",
          "io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction");

  private static final String EXTRA_CLASSPATH = System.getProperty("bench.classpath", "");

  /** {@code -Dbench.aot=true}: both handlers run with a JDK AOT cache trained by one run each. */
  private static final boolean AOT = Boolean.getBoolean("bench.aot");

  /** Extra JVM options for the timed handler, e.g. {@code -Dbench.jvmArgs=-Xlog:class+load}. */
  private static final List<String> EXTRA_JVM_ARGS =
      List.of(System.getProperty("bench.jvmArgs", "").split(" ")).stream()
          .filter(a -> !a.isBlank())
          .toList();

  /** The JIT options CDK gives the sensors function. */
  private static final List<String> JIT_OPTIONS =
      List.of(Wiring.load().function("sensors").orElseThrow().jit().jvmOptions().split(" "));

  private static final Pattern RESULT =
      Pattern.compile("COLD_START_MS=(\\d+) STATUS=(\\d+) INIT_MS=(\\d+)");

  /**
   * One cold start: JVM start to the response, and the part of it after the handler was built (its
   * first request), which is what a SnapStart restore still pays.
   */
  private record Timing(long totalMs, long initMs) {
    long firstRequestMs() {
      return totalMs - initMs;
    }
  }

  @Test
  void coldStartAgainstTheFloor(Infrastructure infrastructure) throws Exception {
    Path packaged = Path.of("target", "sensors-lambda.jar");
    assertThat(packaged).as("the shaded jar, built by 'package'").exists();
    // Lambda unpacks a deployment package into /var/task and loads classes from there, not from a
    // jar. With -Dbench.aot=true the jar stays a jar (as in a package's lib/*.jar or a container
    // image): the JDK's AOT cache, trained by one run per handler, takes classes from jars only.
    Path jar = AOT ? packaged : unpack(packaged, Path.of("target", "cold-start-task"));
    // The function's package, plus the driver and the Lambda context: nothing else.
    String classpath =
        String.join(java.io.File.pathSeparator, jar.toString(), driverClasspath())
            + (EXTRA_CLASSPATH.isEmpty() ? "" : java.io.File.pathSeparator + EXTRA_CLASSPATH);
    String tenant = "cold-" + UUID.randomUUID();
    String token = TestTokens.token("gateway", tenant, "admin");
    try (ApiFunction sensors =
        ApiFunction.builder("sensors").properties(infrastructure.properties()).start()) {
      // Also migrates the schema, as the deploy-time migration step would in AWS.
      sensors.post(
          "/sensors",
          token,
          "{\"id\":\"cold-1\",\"roomId\":\"r\",\"type\":\"temperature\",\"unit\":\"°C\"}");
    }
    List<String> properties = new ArrayList<>();
    for (Map.Entry<String, String> e : infrastructure.stringProperties().entrySet()) {
      properties.add("-D" + e.getKey() + "=" + e.getValue());
    }
    TestTokens.configuration().forEach((k, v) -> properties.add("-D" + k + "=" + v));
    properties.add("-Dflyway.datasources.default.enabled=false");
    // Lambda always sets AWS_REGION; the SDK clients Micronaut builds at startup need one.
    properties.add("-Daws.region=us-east-1");
    properties.addAll(EXTRA_JVM_ARGS);

    List<String> floorProperties = new ArrayList<>();
    if (AOT) {
      String body = "{\"sensorId\":\"cold-1\",\"timestamp\":\"2025-12-31T00:00:00Z\",\"value\":1}";
      properties.add(aotCache(classpath, properties, HANDLER, token, body));
      floorProperties.add(
          aotCache(classpath, floorProperties, PlainReadingHandler.class.getName(), token, body));
    }
    List<Timing> sensorsRuns = new ArrayList<>();
    List<Timing> floorRuns = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      String body =
          "{\"sensorId\":\"cold-1\",\"timestamp\":\"2026-01-01T00:00:"
              + String.format("%02d", run)
              + "Z\",\"value\":21.5}";
      sensorsRuns.add(coldStart(classpath, properties, HANDLER, token, body, 202));
      floorRuns.add(
          coldStart(
              classpath, floorProperties, PlainReadingHandler.class.getName(), token, body, 202));
    }
    List<Long> sensorsMs = sensorsRuns.stream().map(Timing::totalMs).toList();
    List<Long> floorMs = floorRuns.stream().map(Timing::totalMs).toList();
    long sensors = median(sensorsMs);
    long floor = median(floorMs);
    System.out.printf(
        "%nBENCHMARK cold start%s, JIT %s (median of %d, JVM start to first response): sensors %d ms, plain handler floor %d ms,"
            + " ratio %.1fx; all runs sensors=%s floor=%s%n%n",
        AOT ? " with a JDK AOT cache per handler" : "",
        String.join(" ", JIT_OPTIONS),
        RUNS,
        sensors,
        floor,
        (double) sensors / floor,
        sensorsMs,
        floorMs);
    System.out.printf(
        "BENCHMARK first request after initialisation (what a SnapStart restore still pays, median): sensors %d ms, plain handler %d ms%n%n",
        median(sensorsRuns.stream().map(Timing::firstRequestMs).toList()),
        median(floorRuns.stream().map(Timing::firstRequestMs).toList()));
  }

  /**
   * Trains the JDK's AOT cache with one run of {@code handler}; returns the option that uses it.
   */
  private static String aotCache(
      String classpath, List<String> properties, String handler, String token, String body)
      throws IOException, InterruptedException {
    Path cache = Path.of("target", handler.substring(handler.lastIndexOf('.') + 1) + ".aot");
    Files.deleteIfExists(cache);
    List<String> training = new ArrayList<>(properties);
    training.add("-XX:AOTCacheOutput=" + cache);
    coldStart(classpath, training, handler, token, body, 202);
    return "-XX:AOTCache=" + cache;
  }

  private static Timing coldStart(
      String classpath,
      List<String> properties,
      String handler,
      String token,
      String body,
      int expectedStatus)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JIT_OPTIONS);
    if (properties.stream().noneMatch(a -> a.startsWith("-XX:AOTCache"))) {
      command.add("-Xshare:auto");
    }
    command.addAll(properties);
    command.add("-cp");
    command.add(classpath);
    command.add(ColdStartDriver.class.getName());
    command.add(handler);
    command.add(token);
    command.add(body);
    Path log = Files.createTempFile("cold-start", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = process.waitFor();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(exit).as(output).isZero();
    Files.delete(log);
    Matcher result = RESULT.matcher(output);
    assertThat(result.find()).as(output).isTrue();
    System.out.println(
        handler
            + ": "
            + output.lines().filter(l -> l.startsWith("COLD_START_MS")).findFirst().orElse(""));
    assertThat(Integer.parseInt(result.group(2))).as(output).isEqualTo(expectedStatus);
    return new Timing(Long.parseLong(result.group(1)), Long.parseLong(result.group(3)));
  }

  /**
   * Where the driver and the test kit's Lambda context load from, as jars: class data sharing and
   * the AOT cache take classes from jars only, so classes compiled into a directory are jarred.
   */
  private static String driverClasspath() throws IOException {
    List<String> entries = new ArrayList<>();
    for (Class<?> type :
        List.of(ColdStartDriver.class, PlainReadingHandler.class, LocalLambdaContext.class)) {
      Path source = codeSource(type);
      entries.add((Files.isDirectory(source) ? jarOf(type, source) : source).toString());
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  /** {@code type} and its nested classes from the class directory {@code root}, as a jar. */
  private static Path jarOf(Class<?> type, Path root) throws IOException {
    Path jar = Path.of("target", type.getSimpleName() + ".jar");
    String prefix = type.getName().replace('.', '/');
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
        var files = Files.list(root.resolve(prefix).getParent())) {
      for (Path file : files.toList()) {
        String name = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
        if (name.equals(prefix + ".class") || name.startsWith(prefix + "$")) {
          out.putNextEntry(new java.util.jar.JarEntry(name));
          Files.copy(file, out);
          out.closeEntry();
        }
      }
    }
    return jar;
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
