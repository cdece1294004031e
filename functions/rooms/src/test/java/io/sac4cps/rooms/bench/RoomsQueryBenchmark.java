package io.sac4cps.rooms.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.embedded.PostgresServer;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.security.TestTokens;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Not a test: loads the rollups of 10 million readings into real PostgreSQL (embedded, or the
 * server named by {@code SAC4CPS_POSTGRES_URL}) and prints p50/p95 latency of a 30-day hourly
 * history request and of a metrics request, each through the Lambda handler as API Gateway invokes
 * it. Data: 10 rooms × 4 metrics × 45 days of minute rollups at 4 readings a minute (2.6 million
 * minute rows, 43,200 hourly rows), thresholds on every metric, a few active alerts.
 *
 * <p>Run: {@code ./mvnw -B verify -pl functions/rooms -am -Pbench -DskipTests}
 */
public final class RoomsQueryBenchmark {
  private static final String TENANT = "t-bench";
  private static final int ROOMS = 10;
  private static final int DAYS = 45;
  private static final int READINGS_PER_MINUTE = 4;
  private static final int WARMUP = 30;
  private static final int RUNS = 300;

  private RoomsQueryBenchmark() {}

  public static void main(String[] args) throws Exception {
    try (PostgresServer server = PostgresServer.startOrConnect(System.getenv())) {
      PostgresDatabase db =
          server.createDatabase("rooms_bench_" + UUID.randomUUID().toString().substring(0, 8));
      Map<String, Object> properties = new HashMap<>(TestTokens.configuration());
      properties.put("datasources.default.url", db.jdbcUrl());
      properties.put("datasources.default.username", db.username());
      properties.put("datasources.default.password", db.password());
      properties.put("micronaut.security.enabled", true);
      try (ApplicationContext context = ApplicationContext.run(properties, "bench")) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        long loadStart = System.nanoTime();
        long readings = load(context, now);
        System.out.printf(
            "loaded rollups of %,d readings in %.1f s%n",
            readings, (System.nanoTime() - loadStart) / 1e9);

        var handler = new ApiGatewayProxyRequestEventFunction(context);
        String token = TestTokens.token("bench", TENANT, "viewer");
        Supplier<APIGatewayProxyRequestEvent> history =
            () ->
                ApiGatewayEvents.request("GET", "/rooms/{id}/history")
                    .pathParameter("id", "room-" + (1 + (int) (Math.random() * ROOMS)))
                    .query("metric", "temperature")
                    .query("interval", "1h")
                    .query("from", now.minus(Duration.ofDays(30)).toString())
                    .query("to", now.toString())
                    .bearer(token)
                    .build();
        Supplier<APIGatewayProxyRequestEvent> metrics =
            () ->
                ApiGatewayEvents.request("GET", "/rooms/{id}/metrics")
                    .pathParameter("id", "room-" + (1 + (int) (Math.random() * ROOMS)))
                    .bearer(token)
                    .build();
        report("GET /rooms/{id}/history 30 days at 1h", handler, history);
        report("GET /rooms/{id}/metrics (with 24 h comfort)", handler, metrics);
        handler.close();
      }
    }
  }

  private static void report(
      String name,
      ApiGatewayProxyRequestEventFunction handler,
      Supplier<APIGatewayProxyRequestEvent> requests) {
    LocalLambdaContext lambda = LocalLambdaContext.of("rooms");
    for (int i = 0; i < WARMUP; i++) {
      call(handler, requests.get(), lambda);
    }
    long[] micros = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      APIGatewayProxyRequestEvent request = requests.get();
      long start = System.nanoTime();
      call(handler, request, lambda);
      micros[i] = (System.nanoTime() - start) / 1000;
    }
    Arrays.sort(micros);
    System.out.printf(
        "%-45s p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms  (%d runs)%n",
        name,
        micros[RUNS / 2] / 1000.0,
        micros[(int) (RUNS * 0.95)] / 1000.0,
        micros[RUNS - 1] / 1000.0,
        RUNS);
  }

  private static void call(
      ApiGatewayProxyRequestEventFunction handler,
      APIGatewayProxyRequestEvent request,
      LocalLambdaContext lambda) {
    APIGatewayProxyResponseEvent response = handler.handleRequest(request, lambda);
    if (response.getStatusCode() != 200) {
      throw new IllegalStateException(
          request.getPath() + " answered " + response.getStatusCode() + ": " + response.getBody());
    }
  }

  /**
   * Generates the rollups in the server (no round trip per row) and returns the readings they hold.
   */
  @SuppressWarnings("unchecked")
  private static long load(ApplicationContext context, Instant now) {
    TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
    Instant start = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(DAYS));
    return transactions.executeWrite(
        status -> {
          try (Statement sql = status.getConnection().createStatement()) {
            sql.execute(
                "INSERT INTO room (tenant_id, id, name, building, floor, created_at)"
                    + " SELECT '"
                    + TENANT
                    + "', 'room-' || r, 'Room ' || r, 'HQ', r % 5, now()"
                    + " FROM generate_series(1, "
                    + ROOMS
                    + ") r");
            sql.execute(
                "INSERT INTO room_threshold (tenant_id, room_id, metric, min, max, updated_at)"
                    + " SELECT tenant_id, id, m.metric, m.min, m.max, now() FROM room,"
                    + " (VALUES ('temperature', 18.0, 26.0), ('humidity', 30.0, 60.0),"
                    + " ('co2', NULL, 1000.0), ('light', 100.0, NULL)) AS m(metric, min, max)");
            // A daily wave per metric, offset per room, so some minutes fall outside the limits.
            sql.execute(
                "INSERT INTO rollup_minute (tenant_id, room_id, metric, bucket, count, sum, min, max)"
                    + " SELECT '"
                    + TENANT
                    + "', 'room-' || r, m.metric, b, "
                    + READINGS_PER_MINUTE
                    + ", "
                    + READINGS_PER_MINUTE
                    + " * v, v - m.spread, v + m.spread"
                    + " FROM generate_series(1, "
                    + ROOMS
                    + ") r,"
                    + " (VALUES ('temperature', 22.0, 5.0, 0.3), ('humidity', 45.0, 20.0, 1.0),"
                    + " ('co2', 800.0, 300.0, 20.0), ('light', 300.0, 250.0, 10.0))"
                    + " AS m(metric, base, amplitude, spread),"
                    + " generate_series(timestamptz '"
                    + start
                    + "', timestamptz '"
                    + now
                    + "' - interval '1 minute', interval '1 minute') b,"
                    + " LATERAL (SELECT m.base + m.amplitude"
                    + " * sin(extract(epoch FROM b) / 13751.0 + r) AS v) wave");
            sql.execute(
                "INSERT INTO rollup_hour (tenant_id, room_id, metric, bucket, count, sum, min, max)"
                    + " SELECT tenant_id, room_id, metric, date_trunc('hour', bucket),"
                    + " sum(count), sum(sum), min(min), max(max) FROM rollup_minute"
                    + " GROUP BY 1, 2, 3, 4");
            sql.execute(
                "INSERT INTO metric_current (tenant_id, room_id, metric, value, unit, ts, sensor_id)"
                    + " SELECT tenant_id, room_id, metric, sum / count, 'u', bucket, 's-1'"
                    + " FROM rollup_minute WHERE bucket = timestamptz '"
                    + now
                    + "' - interval '1 minute'");
            sql.execute(
                "INSERT INTO alert (tenant_id, id, room_id, metric, value, threshold_max, crossed,"
                    + " raised_at) SELECT tenant_id, 'alert-' || id, id, 'co2', 1050,"
                    + " 1000, 'max', now() FROM room WHERE id IN ('room-1', 'room-2')");
            sql.execute("ANALYZE");
          }
          try (Statement count = status.getConnection().createStatement();
              var rs = count.executeQuery("SELECT sum(count) FROM rollup_minute")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }
}
