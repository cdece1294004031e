package io.sac4cps.analytics.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.analytics.events.SensorReadingsHandler;
import io.sac4cps.analytics.service.Reports;
import io.sac4cps.analytics.store.RoomDayStore;
import io.sac4cps.analytics.tasks.AnalyticsReport;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.embedded.PostgresServer;
import io.sac4cps.platform.storage.ObjectKey;
import io.sac4cps.platform.storage.ObjectStorage;
import io.sac4cps.platform.storage.StoredObject;
import io.sac4cps.platform.tasks.TaskContext;
import io.sac4cps.platform.tasks.TaskResult;
import io.sac4cps.testkit.bench.ConsumerCpu;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.KafkaEvents;
import io.sac4cps.testkit.security.TestTokens;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Not a test: the dataset (one tenant, 2 buildings, 50 rooms, 4 sensors per room, one
 * reading per sensor per minute for 30 days ≈ 8.6 M readings) in real PostgreSQL (embedded, or
 * {@code SAC4CPS_POSTGRES_URL}); prints the projection's throughput and p50/p95 of a 30-day
 * building summary and a 30-day hourly room trend through the Lambda handlers, and the time of a
 * 30-day building report (PDF).
 *
 * <p>The projection is timed on the first {@code bench.projected-days} (default 1) days of the
 * dataset fed as Lambda Kafka batches of 500 CloudEvents through {@link SensorReadingsHandler}
 * (decode, event-id dedupe, upserts, commit); the other days' hour aggregates, which are all the
 * queries read, are generated in the server, since feeding 8.6 M readings through one consumer
 * takes longer than this machine's budget for a benchmark run.
 *
 * <p>Run: {@code ./mvnw -B verify -pl functions/analytics -am -Pbench -DskipTests}; add {@code
 * -Dbench.projection-only=true} for the projection's figures alone.
 */
public final class AnalyticsBenchmark {
  private static final String TENANT = "t-bench";
  private static final int ROOMS = 50;
  private static final String[][] SENSORS = {
    {"temperature", "Cel"}, {"co2", "ppm"}, {"occupancy", "people"}, {"energy", "kWh"}
  };
  private static final int DAYS = 30;

  /** The wiring's batch size: what Lambda's event-source mapping hands the handler. */
  private static final int BATCH =
      Wiring.load()
          .kafkaConsumer(SensorReadingsHandler.class.getName())
          .orElseThrow()
          .consumer()
          .batchSize();

  private static final int WARMUP = 20;
  private static final int RUNS = 200;

  private AnalyticsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int projectedDays = Integer.getInteger("bench.projected-days", 1);
    try (PostgresServer server = PostgresServer.startOrConnect(System.getenv())) {
      PostgresDatabase db =
          server.createDatabase("analytics_bench_" + UUID.randomUUID().toString().substring(0, 8));
      Map<String, Object> properties = new HashMap<>(TestTokens.configuration());
      properties.put("datasources.default.url", db.jdbcUrl());
      properties.put("datasources.default.username", db.username());
      properties.put("datasources.default.password", db.password());
      properties.put("micronaut.security.enabled", true);
      try (ApplicationContext context = ApplicationContext.run(properties, "bench")) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(Duration.ofDays(DAYS));
        rooms(context);
        System.out.printf(
            "dataset: 1 tenant, 2 buildings, %d rooms, %d sensors, 1 reading/sensor/min, %d days"
                + " (%,d readings)%n",
            ROOMS, ROOMS * SENSORS.length, DAYS, (long) ROOMS * SENSORS.length * DAYS * 1440);
        project(context, db, start, projectedDays);
        explainClaim(context);
        if (Boolean.getBoolean("bench.projection-only")) {
          return;
        }
        long generated = generate(context, start.plus(Duration.ofDays(projectedDays)), end);
        System.out.printf(
            "generated the hour aggregates of the other %,d readings in the server%n", generated);

        var handler = new ApiGatewayProxyRequestEventFunction(context);
        String token = TestTokens.token("bench", TENANT, "viewer");
        Supplier<APIGatewayProxyRequestEvent> summary =
            () ->
                ApiGatewayEvents.request("GET", "/analytics/summary")
                    .query("building", "B" + (int) (Math.random() * 2))
                    .query("from", end.minus(Duration.ofDays(30)).toString())
                    .query("to", end.toString())
                    .bearer(token)
                    .build();
        Supplier<APIGatewayProxyRequestEvent> trend =
            () ->
                ApiGatewayEvents.request("GET", "/analytics/trends")
                    .query("metric", "temperature")
                    .query("roomId", "room-" + (int) (Math.random() * ROOMS))
                    .query("interval", "1h")
                    .query("agg", "min,max,avg,count")
                    .query("from", end.minus(Duration.ofDays(30)).toString())
                    .query("to", end.toString())
                    .bearer(token)
                    .build();
        report("GET /analytics/summary building, 30 days", handler, summary);
        report("GET /analytics/trends room, 30 days at 1h", handler, trend);
        handler.close();
        buildingReport(context, end);
      }
    }
  }

  /**
   * Readings of every sensor minute by minute through the Kafka handler; prints readings/s and
   * readings per CPU second of the consumer thread and its PostgreSQL server.
   */
  private static void project(
      ApplicationContext context, PostgresDatabase db, Instant start, int days) {
    ConsumerCpu cpu = ConsumerCpu.of(db.jdbcUrl());
    String loadBefore = ConsumerCpu.loadAverage();
    SensorReadingsHandler handler = new SensorReadingsHandler(context);
    int sensors = ROOMS * SENSORS.length;
    long minutes = days * 1440L;
    List<KafkaEvent> batches = new ArrayList<>();
    long total = 0;
    long elapsed = 0;
    KafkaEvents.Event batch = KafkaEvents.selfManaged("127.0.0.1:9092");
    int inBatch = 0;
    for (long m = 0; m < minutes; m++) {
      Instant at = start.plus(Duration.ofMinutes(m));
      for (int s = 0; s < sensors; s++) {
        batch.record("sensor.readings", s % 6, "s-" + s, reading(s, at, m));
        if (++inBatch == BATCH) {
          batches.add(batch.build());
          batch = KafkaEvents.selfManaged("127.0.0.1:9092");
          inBatch = 0;
        }
      }
      // Built ahead of timing in chunks, so the figure is the consumer's, not the generator's.
      if (batches.size() >= 50 || m == minutes - 1) {
        cpu.start();
        long t0 = System.nanoTime();
        for (KafkaEvent event : batches) {
          handler.handleRequest(event, LocalLambdaContext.of("analytics-readings"));
        }
        elapsed += System.nanoTime() - t0;
        cpu.stop();
        total += (long) batches.size() * BATCH;
        batches.clear();
      }
    }
    System.out.printf(
        "projection: %,d readings in %.1f s through SensorReadingsHandler = %,.0f readings/s"
            + " (batches of %d); CPU %.1f s (consumer thread %.1f + PostgreSQL %.1f) = %,.0f"
            + " readings per CPU second; load average %s -> %s%n",
        total,
        elapsed / 1e9,
        total / (elapsed / 1e9),
        BATCH,
        cpu.jvm() + cpu.database(),
        cpu.jvm(),
        cpu.database(),
        total / (cpu.jvm() + cpu.database()),
        loadBefore,
        ConsumerCpu.loadAverage());
  }

  /**
   * What one batch's event-id claim costs the server with the projected days' ids in the table, as
   * EXPLAIN (ANALYZE, BUFFERS, WAL) of 2000 new ids, all rolled back: ProcessedEvents' statement, a
   * plain INSERT (no speculative insertion), and both into a copy keyed by uuid (decision 0071).
   */
  @SuppressWarnings("unchecked")
  private static void explainClaim(ApplicationContext context) {
    if (!Boolean.getBoolean("bench.explain-claim")) {
      return;
    }
    TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
    try {
      transactions.executeWrite(
          status -> {
            Connection connection = status.getConnection();
            try (Statement sql = connection.createStatement()) {
              sql.execute(
                  "CREATE TABLE processed_event_uuid (consumer text COLLATE \"C\" NOT NULL,"
                      + " event_id uuid NOT NULL, processed_at timestamptz NOT NULL DEFAULT now(),"
                      + " PRIMARY KEY (consumer, event_id))");
              sql.execute("CREATE INDEX ON processed_event_uuid (processed_at)");
              sql.execute(
                  "INSERT INTO processed_event_uuid SELECT consumer, event_id::uuid, processed_at"
                      + " FROM processed_event ORDER BY processed_at");
            }
            for (String[] variant :
                new String[][] {
                  {"processed_event", "text", " ON CONFLICT DO NOTHING"},
                  {"processed_event", "text", ""},
                  {"processed_event_uuid", "uuid", " ON CONFLICT DO NOTHING"},
                  {"processed_event_uuid", "uuid", ""}
                }) {
              String[] ids = new String[BATCH];
              for (int i = 0; i < ids.length; i++) {
                ids[i] = UUID.randomUUID().toString();
              }
              String statement =
                  "INSERT INTO "
                      + variant[0]
                      + " (consumer, event_id) SELECT ?, unnest(?::"
                      + variant[1]
                      + "[])"
                      + variant[2]
                      + " RETURNING event_id";
              try (var explain =
                  connection.prepareStatement(
                      "EXPLAIN (ANALYZE, BUFFERS, WAL, TIMING OFF) " + statement)) {
                explain.setString(1, "analytics.sensor-readings");
                explain.setArray(2, connection.createArrayOf("text", ids));
                StringBuilder plan = new StringBuilder();
                try (var rows = explain.executeQuery()) {
                  while (rows.next()) {
                    String line = rows.getString(1).strip();
                    if (line.startsWith("Buffers")
                        || line.startsWith("WAL")
                        || line.startsWith("Execution")) {
                      plan.append(line).append("; ");
                    }
                  }
                }
                System.out.printf("claim EXPLAIN %s: %s%n", statement, plan);
              }
            }
            status.setRollbackOnly();
            return null;
          });
    } catch (RuntimeException e) {
      System.out.println("claim EXPLAIN failed: " + e);
    }
  }

  private static String reading(int sensor, Instant at, long minute) {
    String[] type = SENSORS[sensor % SENSORS.length];
    int room = sensor / SENSORS.length;
    double value = 20 + (minute % 60) / 10.0 + room % 3;
    String id =
        UUID.nameUUIDFromBytes(
                (TENANT + "/s-" + sensor + "/" + at).getBytes(StandardCharsets.UTF_8))
            .toString();
    return "{\"specversion\":\"1.0\",\"id\":\""
        + id
        + "\",\"source\":\"/sac4cps/sensors\",\"type\":\"sensor.reading.recorded.v1\",\"time\":\""
        + at
        + "\",\"subject\":\"s-"
        + sensor
        + "\",\"datacontenttype\":\"application/json\",\"tenantid\":\""
        + TENANT
        + "\",\"data\":{\"sensorId\":\"s-"
        + sensor
        + "\",\"roomId\":\"room-"
        + room
        + "\",\"tenantId\":\""
        + TENANT
        + "\",\"type\":\""
        + type[0]
        + "\",\"unit\":\""
        + type[1]
        + "\",\"value\":"
        + value
        + ",\"timestamp\":\""
        + at
        + "\"}}";
  }

  @SuppressWarnings("unchecked")
  private static void rooms(ApplicationContext context) {
    TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
    transactions.executeWrite(
        status -> {
          try (Statement sql = status.getConnection().createStatement()) {
            sql.execute(
                "INSERT INTO room (tenant_id, id, name, building, floor, area_m2, capacity,"
                    + " changed_at) SELECT '"
                    + TENANT
                    + "', 'room-' || r, 'Room ' || r, 'B' || (r % 2), r % 5, 20 + r % 7,"
                    + " 4 + r % 9, now() FROM generate_series(0, "
                    + (ROOMS - 1)
                    + ") r");
            sql.execute(
                "INSERT INTO room_threshold (tenant_id, room_id, metric, min, max)"
                    + " SELECT tenant_id, id, m.metric, m.min, m.max FROM room,"
                    + " (VALUES ('temperature', 20.0, 25.0), ('co2', NULL, 1000.0))"
                    + " AS m(metric, min, max)");
          }
          return null;
        });
  }

  /**
   * The hour aggregates (per sensor, per room) of 60 readings per sensor per hour in {@code [from,
   * to)}, and their daily rollups.
   */
  @SuppressWarnings("unchecked")
  private static long generate(ApplicationContext context, Instant from, Instant to) {
    TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
    return transactions.executeWrite(
        status -> {
          try (Statement sql = status.getConnection().createStatement()) {
            int rows =
                sql.executeUpdate(
                    "INSERT INTO reading_hour (tenant_id, room_id, metric, bucket, sensor_id,"
                        + " count, sum, min, max) SELECT '"
                        + TENANT
                        + "', 'room-' || (s / 4), (ARRAY['temperature','co2','occupancy','energy'])"
                        + "[s % 4 + 1], b, 's-' || s, 60,"
                        + " 60 * (22 + (s / 4) % 3 + sin(extract(epoch FROM b) / 3600.0)),"
                        + " 20 + (s / 4) % 3, 26 + (s / 4) % 3"
                        + " FROM generate_series(0, "
                        + (ROOMS * SENSORS.length - 1)
                        + ") s, generate_series('"
                        + from
                        + "'::timestamptz, '"
                        + to
                        + "'::timestamptz - interval '1 hour', interval '1 hour') b");
            sql.execute(
                "INSERT INTO room_hour SELECT tenant_id, room_id, bucket,"
                    + " coalesce(sum(count) FILTER (WHERE metric = 'occupancy'), 0),"
                    + " coalesce(sum(sum) FILTER (WHERE metric = 'occupancy'), 0),"
                    + " max(max) FILTER (WHERE metric = 'occupancy'),"
                    + " coalesce(sum(count) FILTER (WHERE metric = 'temperature'), 0),"
                    + " coalesce(sum(sum) FILTER (WHERE metric = 'temperature'), 0), 0, 0,"
                    + " coalesce(sum(count) FILTER (WHERE metric = 'co2'), 0),"
                    + " coalesce(sum(sum) FILTER (WHERE metric = 'co2'), 0),"
                    + " coalesce(sum(count) FILTER (WHERE metric = 'energy'), 0),"
                    + " coalesce(sum(sum) FILTER (WHERE metric = 'energy'), 0)"
                    + " FROM reading_hour WHERE bucket >= '"
                    + from
                    + "' GROUP BY tenant_id, room_id, bucket");
            // The daily rollups of those hours, added to those of the projected day(s).
            sql.execute(
                "INSERT INTO sensor_day AS d SELECT tenant_id, room_id, metric,"
                    + " date_trunc('day', bucket, 'UTC'), sensor_id, sum(count),"
                    + " bit_or(1 << extract(hour FROM bucket AT TIME ZONE 'UTC')::int)"
                    + " FROM reading_hour WHERE bucket >= '"
                    + from
                    + "' GROUP BY 1, 2, 3, 4, 5 ON CONFLICT (tenant_id, room_id, metric, day,"
                    + " sensor_id) DO UPDATE SET received = d.received + excluded.received,"
                    + " hours = d.hours | excluded.hours");
            sql.execute(
                "INSERT INTO room_day AS d (tenant_id, room_id, day) SELECT DISTINCT tenant_id,"
                    + " room_id, date_trunc('day', bucket, 'UTC') FROM room_hour WHERE bucket >= '"
                    + from
                    + "' ON CONFLICT (tenant_id, room_id, day) DO UPDATE SET version = d.version"
                    + " + 1");
            // As the batches after these would (the last day too, so the summary reads no hours
            // but its edges').
            RoomDayStore roomDays = context.getBean(RoomDayStore.class);
            while (roomDays.rollUp(to.plus(Duration.ofDays(1)), 1000) > 0) {}
            sql.execute("ANALYZE reading_hour");
            sql.execute("ANALYZE room_hour");
            sql.execute("ANALYZE sensor");
            sql.execute("ANALYZE room");
            sql.execute("ANALYZE room_day");
            sql.execute("ANALYZE sensor_day");
            return rows * 60L;
          }
        });
  }

  /**
   * The analytics-report task's run for a 30-day building PDF, as its work-queue Lambda runs it: 30
   * day summaries (each a checkpoint), the whole period's, the rendering; the file kept in memory
   * instead of the bucket (an S3 PUT is not the report's cost).
   */
  private static void buildingReport(ApplicationContext context, Instant end) {
    AnalyticsReport runner = context.getBean(AnalyticsReport.class);
    long[] millis = new long[3];
    long bytes = 0;
    for (int i = 0; i < millis.length; i++) {
      BenchTask task =
          new BenchTask(
              Map.of(
                  "kind",
                  "building-summary",
                  "format",
                  "pdf",
                  "building",
                  "B" + (i % 2),
                  "from",
                  end.minus(Duration.ofDays(30)).toString(),
                  "to",
                  end.toString()));
      long t0 = System.nanoTime();
      TaskResult result = runner.run(task);
      millis[i] = (System.nanoTime() - t0) / 1_000_000;
      bytes = task.uploaded;
      if (result.file() == null) {
        throw new IllegalStateException("the report stored no file: " + result);
      }
    }
    Arrays.sort(millis);
    System.out.printf(
        "analytics-report building-summary PDF, 30 days: median %,d ms, max %,d ms (%d runs,"
            + " %,d bytes)%n",
        millis[1], millis[2], millis.length, bytes);
  }

  /** A first run of a report task with no time limit; its file is only counted. */
  private static final class BenchTask implements TaskContext {
    private final String id = UUID.randomUUID().toString();
    private final Map<String, Object> params;
    long uploaded;

    BenchTask(Map<String, Object> params) {
      this.params = params;
    }

    @Override
    public String tenantId() {
      return TENANT;
    }

    @Override
    public String taskId() {
      return id;
    }

    @Override
    public String kind() {
      return Reports.KIND;
    }

    @Override
    public Map<String, Object> params() {
      return params;
    }

    @Override
    public String createdBy() {
      return "bench";
    }

    @Override
    public int attempt() {
      return 1;
    }

    @Override
    public <T> Optional<T> checkpoint(Class<T> type) {
      return Optional.empty();
    }

    @Override
    public void progress(long done, Long total, String message) {}

    @Override
    public void checkpoint(Object state) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public ObjectKey outputKey(String name) {
      return ObjectKey.of(TENANT, "tasks/" + id + "/" + name);
    }

    @Override
    public ObjectStorage reports() {
      throw new UnsupportedOperationException("a 30-day report is one PUT");
    }

    @Override
    public StoredObject upload(String name, byte[] content, String contentType) {
      uploaded = content.length;
      return new StoredObject(outputKey(name), content.length, contentType);
    }
  }

  private static void report(
      String name,
      ApiGatewayProxyRequestEventFunction handler,
      Supplier<APIGatewayProxyRequestEvent> requests) {
    LocalLambdaContext lambda = LocalLambdaContext.of("analytics");
    for (int i = 0; i < WARMUP; i++) {
      call(handler, requests.get(), lambda);
    }
    long[] micros = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      APIGatewayProxyRequestEvent request = requests.get();
      long t0 = System.nanoTime();
      call(handler, request, lambda);
      micros[i] = (System.nanoTime() - t0) / 1000;
    }
    Arrays.sort(micros);
    System.out.printf(
        "%-45s p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms  (%d runs)%n",
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
}
