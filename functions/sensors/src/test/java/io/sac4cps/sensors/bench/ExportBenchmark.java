package io.sac4cps.sensors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.embedded.QueueSettings;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.platform.tasks.TaskWorkHandler;
import io.sac4cps.sensors.tasks.SensorDataExport;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.tasks.TaskReportsReader;
import io.sac4cps.testkit.tasks.TaskWorkMessages;
import io.sac4cps.testkit.tasks.WorkQueueSource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code sensor-data-export} of {@code bench.readings} (1,000,000) readings of 10 sensors to CSV
 * through the real work-queue handler, PostgreSQL, Kafka and the embedded S3 server. Prints the
 * seconds from the work message to the succeeded report and the heap the JVM used at its peak
 * during the export (the sum of the heap pools' peaks, reset when the export starts: garbage not
 * yet collected included, so an upper bound of what the export needs). Run with {@code -Pbench}.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS, Service.KAFKA, Service.S3})
class ExportBenchmark {
  private static final int READINGS = Integer.getInteger("bench.readings", 1_000_000);

  @Test
  void exportsAMillionReadings(Infrastructure infra) throws Exception {
    String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    SqsQueue queue = infra.queue("sensors-task-work", new QueueSettings(Duration.ofMinutes(16), 5));
    String bucket = infra.bucket();
    try (ApiFunction sensors =
            ApiFunction.builder("sensors")
                .properties(infra.properties())
                .property("sac4cps.s3.buckets.reports", bucket)
                .property("sac4cps.tasks.kinds.sensor-data-export.queue", queue.name())
                .start();
        TaskReportsReader reports = new TaskReportsReader(infra.kafkaBootstrapServers())) {
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
      WorkQueueSource source =
          new WorkQueueSource(infra.sqsClient(), queue, new TaskWorkHandler(sensors.context()), 2);
      source.invocationTimeout(Duration.ofMinutes(15));
      source.start();
      try {
        String task = "tsk_bench" + UUID.randomUUID().toString().substring(0, 8);
        System.gc();
        long baseline = heapUsed();
        List<MemoryPoolMXBean> heap = heapPools();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        // The live set: what the heap holds right after each collection, sampled during the export.
        java.util.concurrent.atomic.AtomicLong live = new java.util.concurrent.atomic.AtomicLong();
        Thread sampler =
            Thread.ofPlatform()
                .daemon()
                .start(
                    () -> {
                      while (!Thread.currentThread().isInterrupted()) {
                        long afterGc =
                            heap.stream()
                                .map(MemoryPoolMXBean::getCollectionUsage)
                                .filter(java.util.Objects::nonNull)
                                .mapToLong(java.lang.management.MemoryUsage::getUsed)
                                .sum();
                        live.accumulateAndGet(afterGc, Math::max);
                        try {
                          Thread.sleep(50);
                        } catch (InterruptedException e) {
                          return;
                        }
                      }
                    });
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
        sampler.interrupt();
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        JsonNode last = reported.get(reported.size() - 1).get("data");
        assertThat(last.get("state").asText()).isEqualTo("succeeded");
        long bytes = last.get("result").get("file").get("sizeBytes").asLong();
        System.out.printf(
            "%nBENCHMARK sensor-data-export: %,d readings, %,d bytes of CSV in %.1f s (%.0f readings/s);"
                + " heap peak %d MB during the export (sum of the pools' peaks), live heap after GC at"
                + " most %d MB (baseline %d MB after GC, max heap %d MB; the in-JVM S3 server keeps"
                + " the uploaded parts on the same heap)%n",
            READINGS,
            bytes,
            seconds,
            READINGS / seconds,
            peak >> 20,
            live.get() >> 20,
            baseline >> 20,
            Runtime.getRuntime().maxMemory() >> 20);
      } finally {
        source.close();
      }
    }
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
