package io.sac4cps.sensors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.embedded.QueueSettings;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.sensors.tasks.SensorDataExport;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.tasks.TaskReportsReader;
import io.sac4cps.testkit.tasks.TaskWorkMessages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sensor-data-export} of {@code bench.readings} (1,000,000) readings of 10 sensors to CSV
 * through the real work-queue handler, PostgreSQL, Kafka and the embedded S3 server, with the
 * exporting function in a JVM of its own ({@link ExportingFunction}, {@code -Xmx} of {@code
 * bench.function-heap}, 256m: the target), so that its heap holds nothing but the function. Prints
 * the seconds from the work message to the succeeded report, and that JVM's heap during the export:
 * the peak (the sum of the heap pools' peaks, garbage not yet collected included) and the live set
 * (the most the heap held right after a collection). Run with {@code -Pbench}.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS, Service.KAFKA, Service.S3})
class ExportBenchmark {
  private static final int READINGS = Integer.getInteger("bench.readings", 1_000_000);
  private static final String FUNCTION_HEAP = System.getProperty("bench.function-heap", "256m");

  @Test
  void exportsAMillionReadings(Infrastructure infra, @TempDir Path directory) throws Exception {
    String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    SqsQueue queue = infra.queue("sensors-task-work", new QueueSettings(Duration.ofMinutes(16), 5));
    Properties configuration = new Properties();
    configuration.putAll(infra.stringProperties());
    configuration.put("sac4cps.s3.buckets.reports", infra.bucket());
    configuration.put("sac4cps.tasks.kinds.sensor-data-export.queue", queue.name());
    Path configurationFile = directory.resolve("sensors.properties");
    try (var out = Files.newBufferedWriter(configurationFile)) {
      configuration.store(out, "the exporting function's configuration");
    }
    Process function =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + FUNCTION_HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                ExportingFunction.class.getName(),
                configurationFile.toString(),
                queue.name(),
                queue.url(),
                infra.properties().get("aws.services.sqs.endpoint-override").toString())
            .redirectErrorStream(true)
            .start();
    BlockingQueue<String> said = new LinkedBlockingQueue<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader lines = function.inputReader()) {
                for (String line; (line = lines.readLine()) != null; ) {
                  if (line.equals("READY")
                      || line.equals("MEASURING")
                      || line.startsWith("HEAP ")) {
                    said.add(line);
                  }
                }
              } catch (IOException e) {
                said.add("gone: " + e);
              }
            });
    try (PrintWriter commands = new PrintWriter(function.outputWriter(), true);
        TaskReportsReader reports = new TaskReportsReader(infra.kafkaBootstrapServers())) {
      assertThat(said.poll(5, TimeUnit.MINUTES)).as("the function started").isEqualTo("READY");
      var db = infra.database();
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
          Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO sensors.reading (tenant_id, sensor_id, ts, value) SELECT '"
                + tenant
                + "', 's-' || (n % 10), timestamptz '2026-02-01' + (n / 10) * interval '1 second',"
                + " 15 + (n % 100) / 10.0 FROM generate_series(0, "
                + (READINGS - 1)
                + ") AS n");
        s.execute("ANALYZE sensors.reading");
      }
      commands.println("measure");
      assertThat(said.poll(1, TimeUnit.MINUTES)).isEqualTo("MEASURING");
      String task = "tsk_bench" + UUID.randomUUID().toString().substring(0, 8);
      long began = System.nanoTime();
      infra
          .sqsClient()
          .sendMessage(
              b ->
                  b.queueUrl(queue.url())
                      .messageBody(
                          TaskWorkMessages.run(
                              tenant,
                              task,
                              SensorDataExport.KIND,
                              "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2027-01-01T00:00:00Z\","
                                  + "\"format\":\"csv\"}")));
      List<JsonNode> reported = reports.awaitFinal(task, Duration.ofMinutes(15));
      double seconds = (System.nanoTime() - began) / 1e9;
      commands.println("report");
      String heap = said.poll(1, TimeUnit.MINUTES);
      JsonNode last = reported.get(reported.size() - 1).get("data");
      assertThat(last.get("state").asText()).as("%s", last).isEqualTo("succeeded");
      assertThat(heap).startsWith("HEAP ");
      Map<String, Long> figures = new HashMap<>();
      for (String figure : heap.substring("HEAP ".length()).split(" ")) {
        String[] pair = figure.split("=");
        figures.put(pair[0], Long.parseLong(pair[1]));
      }
      long bytes = last.get("result").get("file").get("sizeBytes").asLong();
      System.out.printf(
          "%nBENCHMARK sensor-data-export: %,d readings, %,d bytes of CSV in %.1f s (%.0f readings/s);"
              + " the function alone in its own JVM (-Xmx%s, max heap %d MB): heap peak %d MB"
              + " during the export (sum of the pools' peaks), live heap after GC at most %d MB%n",
          READINGS,
          bytes,
          seconds,
          READINGS / seconds,
          FUNCTION_HEAP,
          figures.get("max") >> 20,
          figures.get("peak") >> 20,
          figures.get("live") >> 20);
    } finally {
      function.destroy();
      if (!function.waitFor(30, TimeUnit.SECONDS)) {
        function.destroyForcibly();
      }
    }
  }
}
