package io.sac4cps.sensors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.platform.outbox.OutboxRelay;
import io.sac4cps.sensors.SensorsFunction;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.security.TestTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Throughput of the sensors handler: batches of 1000 readings through the real Lambda handler
 * (security, JSON, validation, PostgreSQL insert, outbox, relay to Kafka). Prints readings/second;
 * asserts only that everything was accepted. Run with {@code -Pbench} (see README).
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class IngestionBenchmark {
  private static final int SENSORS = 10;
  private static final int BATCH = 1000;
  private static final int WARMUP_BATCHES = 20;
  private static final int MEASURED_BATCHES = Integer.getInteger("bench.batches", 100);

  @Test
  void readingsPerSecond(Infrastructure infrastructure) {
    String tenant = "bench-" + UUID.randomUUID();
    String token = TestTokens.token("gateway", tenant, "admin");
    try (SensorsFunction sensors = new SensorsFunction(infrastructure)) {
      for (int s = 0; s < SENSORS; s++) {
        sensors.post("/sensors", token, "{\"id\":\"b-" + s + "\",\"roomId\":\"r\",\"type\":\"temperature\",\"unit\":\"°C\"}");
      }
      List<String> bodies = new ArrayList<>();
      Instant start = Instant.parse("2026-01-01T00:00:00Z");
      for (int b = 0; b < WARMUP_BATCHES + MEASURED_BATCHES; b++) {
        bodies.add(batch(start.plusSeconds((long) b * BATCH)));
      }
      for (int b = 0; b < WARMUP_BATCHES; b++) {
        sensors.post("/sensors/data", token, bodies.get(b));
      }
      long accepted = 0;
      long began = System.nanoTime();
      for (int b = WARMUP_BATCHES; b < bodies.size(); b++) {
        accepted += ((Number) sensors.body(sensors.post("/sensors/data", token, bodies.get(b))).get("accepted")).longValue();
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      long pending = sensors.bean(OutboxRelay.class).pending();
      System.out.printf(
          "%nBENCHMARK sensors ingestion: %d readings in %d requests of %d in %.2f s = %.0f readings/s"
              + " (%.1f ms per request; outbox left unpublished: %d)%n%n",
          accepted, MEASURED_BATCHES, BATCH, seconds, accepted / seconds, seconds * 1000 / MEASURED_BATCHES, pending);
      assertThat(accepted).isEqualTo((long) MEASURED_BATCHES * BATCH);
    }
  }

  /** 1000 readings spread over the sensors, one per sensor per 10 s, all new. */
  private static String batch(Instant from) {
    StringBuilder body = new StringBuilder(BATCH * 80).append("{\"readings\":[");
    for (int i = 0; i < BATCH; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"sensorId\":\"b-")
          .append(i % SENSORS)
          .append("\",\"timestamp\":\"")
          .append(from.plusSeconds(i / SENSORS * 10L))
          .append("\",\"value\":")
          .append(18 + (i % 70) / 10.0)
          .append('}');
    }
    return body.append("]}").toString();
  }
}
