package io.sac4cps.sensors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.platform.outbox.OutboxRelay;
import io.sac4cps.sensors.AnnouncedRooms;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.TestTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Throughput of the sensors handler: batches of 1000 readings through the real Lambda handler
 * (token check, JSON, validation, PostgreSQL insert, outbox, relay to Kafka), first by one
 * instance, then by several concurrent instances (each its own application context, connection pool
 * and producer, as separate Lambda instances would be). Prints readings/second; asserts only that
 * everything was accepted. Run with {@code -Pbench} (see README).
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class IngestionBenchmark {
  private static final int SENSORS = 10;
  private static final int BATCH = 1000;
  // Per instance, enough for C2 to have compiled the request path before anything is timed: with
  // 60, C2 was still busy during the measured batches (perf: ~17 % of the CPU).
  private static final int WARMUP_BATCHES = Integer.getInteger("bench.warmup", 300);
  private static final int MEASURED_BATCHES = Integer.getInteger("bench.batches", 1000);

  /** One instance per core by default: more only queue for the same CPUs on one machine. */
  private static final int CONCURRENCY =
      Integer.getInteger("bench.concurrency", Runtime.getRuntime().availableProcessors());

  private final String tenant = "bench-" + UUID.randomUUID();
  private final String token = TestTokens.token("gateway", tenant, "admin");

  /** Per gateway (one per instance), the number of its next batch. */
  private final long[] nextBatch = new long[CONCURRENCY];

  @Test
  void readingsPerSecond(Infrastructure infrastructure) throws Exception {
    List<ApiFunction> instances = new ArrayList<>();
    for (int i = 0; i < CONCURRENCY; i++) {
      instances.add(ApiFunction.builder("sensors").properties(infrastructure.properties()).start());
    }
    try {
      AnnouncedRooms.announce(instances.get(0), tenant, "r");
      for (int gateway = 0; gateway < CONCURRENCY; gateway++) {
        for (int s = 0; s < SENSORS; s++) {
          instances
              .get(0)
              .post(
                  "/sensors",
                  token,
                  "{\"id\":\""
                      + sensorId(gateway, s)
                      + "\",\"roomId\":\"r\",\"type\":\"temperature\",\"unit\":\"°C\"}");
        }
      }
      for (ApiFunction instance : instances) {
        run(List.of(instance), WARMUP_BATCHES);
      }
      report("1 instance", run(instances.subList(0, 1), MEASURED_BATCHES));
      report(CONCURRENCY + " concurrent instances", run(instances, MEASURED_BATCHES));
      assertThat(instances.get(0).bean(OutboxRelay.class).pending()).isZero();
    } finally {
      instances.forEach(ApiFunction::close);
    }
  }

  private record Result(long accepted, int requests, double seconds) {}

  /**
   * Posts {@code batches} batches spread over the instances, one thread each. Instance {@code t}
   * serves gateway {@code t}, which sends the readings of its own sensors, as concurrent Lambda
   * instances serve different gateways.
   */
  private Result run(List<ApiFunction> instances, int batches) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(instances.size());
    List<String> bodies = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      int gateway = b % instances.size();
      bodies.add(batch(gateway, nextBatch[gateway]++));
    }
    AtomicLong accepted = new AtomicLong();
    long began = System.nanoTime();
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < instances.size(); t++) {
      ApiFunction instance = instances.get(t);
      int first = t;
      work.add(
          threads.submit(
              () -> {
                for (int b = first; b < bodies.size(); b += instances.size()) {
                  var response =
                      instance.withoutContractCheck().post("/sensors/data", token, bodies.get(b));
                  assertThat(response.status()).as(response.body()).isEqualTo(202);
                  accepted.addAndGet(((Number) response.jsonMap().get("accepted")).longValue());
                }
              }));
    }
    for (Future<?> f : work) {
      f.get();
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    threads.shutdown();
    assertThat(accepted.get()).isEqualTo((long) batches * BATCH);
    return new Result(accepted.get(), batches, seconds);
  }

  private static void report(String label, Result result) {
    System.out.printf(
        "%nBENCHMARK sensors ingestion, %s: %d readings in %d requests of %d in %.2f s = %.0f readings/s (%.1f ms per request)%n",
        label,
        result.accepted(),
        result.requests(),
        BATCH,
        result.seconds(),
        result.accepted() / result.seconds(),
        result.seconds() * 1000 / result.requests());
  }

  /** Batch number {@code n}: 1000 new readings, 100 per sensor 10 s apart, after batch n-1's. */
  private static String batch(int gateway, long n) {
    Instant from = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n * BATCH);
    StringBuilder body = new StringBuilder(BATCH * 80).append("{\"readings\":[");
    for (int i = 0; i < BATCH; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"sensorId\":\"")
          .append(sensorId(gateway, i % SENSORS))
          .append("\",\"timestamp\":\"")
          .append(from.plusSeconds(i / SENSORS * 10L))
          .append("\",\"value\":")
          .append(18 + (i % 70) / 10.0)
          .append('}');
    }
    return body.append("]}").toString();
  }

  private static String sensorId(int gateway, int sensor) {
    return "g" + gateway + "-" + sensor;
  }
}
