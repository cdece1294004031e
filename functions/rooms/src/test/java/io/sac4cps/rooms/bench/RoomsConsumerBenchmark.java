package io.sac4cps.rooms.bench;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.rooms.events.SensorReadingRecords;
import io.sac4cps.rooms.events.SensorReadingsHandler;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.bench.ConsumerCpu;
import io.sac4cps.testkit.lambda.KafkaEvents;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a test: prints the readings per second one rooms consumer instance applies, fed Lambda Kafka
 * batches (of 500, and of 2000, the wiring's size) through the real {@link SensorReadingsHandler}:
 * decode, event-id dedupe, rollups, live values, threshold alerts, the outbox and its publish to
 * the SNS stand-in, commit. Real PostgreSQL and SNS (embedded, as the ITs use them).
 *
 * <p>Data: 4 tenants × 100 rooms, 5 sensors a room (two temperature, humidity, CO2, light: 1,600
 * room metrics), one reading per sensor every 10 s. Each room has thresholds on every metric and
 * every eighth room's values wave across them, so alerts are raised and resolved throughout; 2% of
 * readings arrive two minutes late and 1% of records are delivered twice (among the next tick's),
 * as a relay's resend does. The ticks' records are one stream cut into full batches, as the mapping
 * cuts a backlog: the figure is what one instance applies while it is behind (decision 0075).
 *
 * <p>Run: {@code ./mvnw -B verify -pl functions/rooms -am -Pbench -DskipTests}; {@code
 * -Dbench.ticks=N} sets the readings per batch size (N × 2000, default 100).
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
public final class RoomsConsumerBenchmark {
  private static final int TENANTS = 4;
  private static final int ROOMS_PER_TENANT = 100;
  private static final String[][] SENSORS = {
    {"temperature", "Cel"},
    {"temperature", "Cel"},
    {"humidity", "%"},
    {"co2", "ppm"},
    {"light", "lx"}
  };
  private static final int SENSORS_PER_TICK = TENANTS * ROOMS_PER_TENANT * SENSORS.length;
  private static final Pattern APPLIED = Pattern.compile("applied=(\\d+)");

  private RoomsConsumerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int ticks = Integer.getInteger("bench.ticks", 100);
    Infrastructure infrastructure = Infrastructure.forTestClass(RoomsConsumerBenchmark.class);
    String alertsArn = infrastructure.snsTopic("alerts");
    SqsQueue alertsInbox = infrastructure.queue("alerts-inbox");
    infrastructure.subscribe(alertsArn, alertsInbox, Map.of("RawMessageDelivery", "true"));
    Map<String, Object> properties = new HashMap<>(infrastructure.properties());
    properties.put("sac4cps.sns.topic-arns.alerts", alertsArn);
    properties.put("sac4cps.sns.create-topics", true);
    try (ApplicationContext context = ApplicationContext.run(properties, "bench")) {
      rooms(context);
      System.out.printf(
          "dataset: %d tenants × %d rooms, %d sensors (%d room metrics), a reading per sensor"
              + " every 10 s, 2%% late by 2 min, 1%% delivered twice%n",
          TENANTS, ROOMS_PER_TENANT, SENSORS_PER_TICK, TENANTS * ROOMS_PER_TENANT * 4);
      SensorReadingsHandler handler = new SensorReadingsHandler(context);
      Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
      // Warm-up: the JIT and the connection pool, not timed.
      run(handler, context, start, 0, 10, 500, false);
      int tick = 10;
      for (int batch : new int[] {500, 2000}) {
        run(handler, context, start, tick, ticks, batch, true);
        tick += ticks;
      }
    }
    // ElasticMQ's threads are not daemons: without this the JVM would outlive the benchmark.
    System.exit(0);
  }

  /** Feeds {@code ticks} ticks from {@code firstTick} in batches of {@code batchSize}. */
  private static void run(
      SensorReadingsHandler handler,
      ApplicationContext context,
      Instant start,
      int firstTick,
      int ticks,
      int batchSize,
      boolean print) {
    ConsumerCpu cpu =
        ConsumerCpu.of(context.getRequiredProperty("datasources.default.url", String.class));
    long[] alertsBefore = alerts(context);
    String loadBefore = ConsumerCpu.loadAverage();
    long applied = 0;
    LocalLambdaContext lambda = LocalLambdaContext.of("rooms-sensor-readings");
    // The ticks' records form one stream, cut into batches of batchSize as an event-source mapping
    // cuts a backlog: a consumer's capacity is what it applies while behind, when every batch is
    // full. Built before timing: the figure is the consumer's.
    List<String[]> values = new ArrayList<>();
    List<String[]> redelivered = new ArrayList<>();
    for (int t = firstTick; t < firstTick + ticks; t++) {
      values.addAll(redelivered);
      redelivered.clear();
      for (int s = 0; s < SENSORS_PER_TICK; s++) {
        String[] value = {"s-" + s, reading(s, start, t)};
        values.add(value);
        if (Math.floorMod((s * 31 + t * 17), 100) == 0) {
          redelivered.add(value);
        }
      }
    }
    List<KafkaEvent> batches = new ArrayList<>();
    KafkaEvents.Event event = KafkaEvents.selfManaged("127.0.0.1:9092");
    int inBatch = 0;
    for (int i = 0; i < values.size(); i++) {
      String[] keyAndValue = values.get(i);
      event.record(
          "sensor.readings",
          Math.floorMod(keyAndValue[0].hashCode(), 6),
          keyAndValue[0],
          keyAndValue[1]);
      if (++inBatch == batchSize || i == values.size() - 1) {
        batches.add(event.build());
        event = KafkaEvents.selfManaged("127.0.0.1:9092");
        inBatch = 0;
      }
    }
    cpu.start();
    long t0 = System.nanoTime();
    for (KafkaEvent batch : batches) {
      Matcher m = APPLIED.matcher(handler.handleRequest(batch, lambda));
      if (!m.find()) {
        throw new IllegalStateException("no applied count in the handler's answer");
      }
      applied += Long.parseLong(m.group(1));
    }
    long elapsed = System.nanoTime() - t0;
    cpu.stop();
    long records = values.size();
    double seconds = cpu.jvm() + cpu.database();
    long[] alertsAfter = alerts(context);
    if (print) {
      System.out.printf(
          "batches of %4d: %,d readings applied (%,d records) in %.1f s = %,.0f readings/s;"
              + " CPU %.1f s (consumer thread %.1f + PostgreSQL %.1f) = %,.0f readings per CPU second;"
              + " alerts raised %,d, resolved %,d; load average %s -> %s%n",
          batchSize,
          applied,
          records,
          elapsed / 1e9,
          applied / (elapsed / 1e9),
          seconds,
          cpu.jvm(),
          cpu.database(),
          applied / seconds,
          alertsAfter[0] - alertsBefore[0],
          alertsAfter[1] - alertsBefore[1],
          loadBefore,
          ConsumerCpu.loadAverage());
    }
  }

  /** Sensor {@code s}'s reading of tick {@code t}: a wave per room and metric across its limits. */
  private static String reading(int s, Instant start, int t) {
    int tenant = s / (ROOMS_PER_TENANT * SENSORS.length);
    int room = (s / SENSORS.length) % ROOMS_PER_TENANT;
    String[] type = SENSORS[s % SENSORS.length];
    // Every eighth room's wave crosses its limits; the others' stay inside.
    double wave = Math.sin(t / 15.0 + room + s % SENSORS.length) * (room % 8 == 0 ? 1 : 0.5);
    double value =
        switch (type[0]) {
          case "temperature" -> 22 + 5 * wave;
          case "humidity" -> 45 + 17 * wave;
          case "co2" -> 800 + 250 * wave;
          default -> 300 + 250 * wave;
        };
    Instant at = start.plusSeconds(10L * t + s % 10);
    if (Math.floorMod(s * 7 + t * 13, 50) == 0) {
      at = at.minus(Duration.ofMinutes(2));
    }
    String tenantId = "t-bench-" + tenant;
    String sensorId = "s-" + s;
    String id =
        UUID.nameUUIDFromBytes((sensorId + "/" + t).getBytes(StandardCharsets.UTF_8)).toString();
    return SensorReadingRecords.json(
        id, tenantId, sensorId, "room-" + room, type[0], type[1], value, at);
  }

  @SuppressWarnings("unchecked")
  private static void rooms(ApplicationContext context) {
    TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
    transactions.executeWrite(
        status -> {
          try (Statement sql = status.getConnection().createStatement()) {
            sql.execute(
                "INSERT INTO room (tenant_id, id, name, building, floor, created_at)"
                    + " SELECT 't-bench-' || t, 'room-' || r, 'Room ' || r, 'HQ', r % 5, now()"
                    + " FROM generate_series(0, "
                    + (TENANTS - 1)
                    + ") t, generate_series(0, "
                    + (ROOMS_PER_TENANT - 1)
                    + ") r");
            sql.execute(
                "INSERT INTO room_threshold (tenant_id, room_id, metric, min, max, updated_at)"
                    + " SELECT tenant_id, id, m.metric, m.min, m.max, now() FROM room,"
                    + " (VALUES ('temperature', 18.0, 26.0), ('humidity', 30.0, 60.0),"
                    + " ('co2', NULL, 1000.0), ('light', 100.0, NULL)) AS m(metric, min, max)");
            sql.execute("ANALYZE");
          }
          return null;
        });
  }

  /** Alerts raised so far, and resolved so far. */
  @SuppressWarnings("unchecked")
  private static long[] alerts(ApplicationContext context) {
    TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
    return transactions.executeRead(
        status -> {
          try (Statement sql = status.getConnection().createStatement();
              ResultSet rs = sql.executeQuery("SELECT count(*), count(resolved_at) FROM alert")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
          }
        });
  }
}
