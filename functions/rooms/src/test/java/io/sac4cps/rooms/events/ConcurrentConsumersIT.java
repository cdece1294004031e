package io.sac4cps.rooms.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.KafkaEvents;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two consumer instances (application contexts of their own, so pools and transactions of their
 * own) applying three partitions at once, each round's batches started together, while a third
 * redelivers batches already applied, end in the state one instance reaches applying the same
 * records one batch at a time (decision 0070: the rooms' advisory locks replace row locks).
 *
 * <p>Every room's temperature comes from two sensors on different partitions, so two transactions
 * race for the same series in every round: a lost update would leave an older latest value, and
 * rollups must add up exactly. Every room's CO2 comes from one sensor, so its alerts (raised,
 * debounced, resolved) depend only on its partition's order and must match exactly.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class ConcurrentConsumersIT {
  private static final int ROOMS = 24;
  private static final int PARTITIONS = 3;
  private static final int ROUNDS = 12;
  private static final Instant T0 = Instant.parse("2025-05-06T08:00:00Z");

  private static ApplicationContext first;
  private static ApplicationContext second;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    String alertsArn = infrastructure.snsTopic("alerts");
    Map<String, Object> properties = new HashMap<>(infrastructure.properties());
    properties.put("sac4cps.sns.topic-arns.alerts", alertsArn);
    properties.put("sac4cps.sns.create-topics", true);
    first = ApplicationContext.run(properties);
    second = ApplicationContext.run(properties);
  }

  @AfterAll
  static void stop() {
    second.close();
    first.close();
  }

  @Test
  void concurrentInstancesLeaveTheStateOneInstanceLeaves() throws Exception {
    String alone = "t-one-" + UUID.randomUUID().toString().substring(0, 8);
    String together = "t-two-" + UUID.randomUUID().toString().substring(0, 8);
    rooms(alone);
    rooms(together);
    SensorReadingsHandler one = new SensorReadingsHandler(first);
    for (int round = 0; round < ROUNDS; round++) {
      for (int p = 0; p < PARTITIONS; p++) {
        deliver(one, batch(alone, p, round));
      }
    }

    SensorReadingsHandler[] instances = {
      new SensorReadingsHandler(first), new SensorReadingsHandler(second)
    };
    CyclicBarrier roundStarts = new CyclicBarrier(PARTITIONS);
    AtomicIntegerArray appliedRounds = new AtomicIntegerArray(PARTITIONS);
    ExecutorService threads = Executors.newFixedThreadPool(PARTITIONS + 1);
    try {
      List<Future<?>> partitions = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        int partition = p;
        partitions.add(
            threads.submit(
                () -> {
                  for (int round = 0; round < ROUNDS; round++) {
                    roundStarts.await(30, TimeUnit.SECONDS);
                    deliver(instances[partition % 2], batch(together, partition, round));
                    appliedRounds.set(partition, round + 1);
                  }
                  return null;
                }));
      }
      // Redelivery of what a partition has already applied: never changes anything.
      Future<Integer> redelivered =
          threads.submit(
              () -> {
                int batches = 0;
                while (partitions.stream().anyMatch(f -> !f.isDone())) {
                  int p = batches % PARTITIONS;
                  int done = appliedRounds.get(p);
                  if (done > 0) {
                    String result =
                        deliver(instances[(p + 1) % 2], batch(together, p, (batches / 3) % done));
                    assertThat(result).as("a redelivered batch").contains("applied=0");
                    batches++;
                  } else {
                    Thread.onSpinWait();
                  }
                }
                return batches;
              });
      for (Future<?> partition : partitions) {
        partition.get(120, TimeUnit.SECONDS);
      }
      assertThat(redelivered.get(30, TimeUnit.SECONDS)).as("batches redelivered").isPositive();
    } finally {
      threads.shutdownNow();
    }

    for (String table :
        List.of(
            "SELECT room_id, metric, value, unit, ts, sensor_id, breach_streak, clear_streak"
                + " FROM metric_current WHERE tenant_id = ? ORDER BY room_id, metric",
            "SELECT room_id, metric, bucket, count, sum, min, max FROM rollup_minute"
                + " WHERE tenant_id = ? ORDER BY room_id, metric, bucket",
            "SELECT room_id, metric, bucket, count, sum, min, max FROM rollup_hour"
                + " WHERE tenant_id = ? ORDER BY room_id, metric, bucket",
            "SELECT room_id, metric, sensor_id, value, crossed, raised_at, resolved_at,"
                + " resolved_value FROM alert WHERE tenant_id = ? ORDER BY room_id, metric,"
                + " raised_at")) {
      assertThat(rows(table, together)).as(table).isEqualTo(rows(table, alone));
    }
    // The comparison means something only if both series kinds did their part.
    List<List<Object>> alerts = rows("SELECT resolved_at FROM alert WHERE tenant_id = ?", together);
    assertThat(alerts).as("alerts raised").isNotEmpty();
    assertThat(alerts.stream().filter(a -> a.get(0) != null)).as("alerts resolved").isNotEmpty();
    assertThat(
            rows(
                "SELECT sum(count) FROM rollup_hour WHERE tenant_id = ? AND metric = 'temperature'",
                together))
        .containsExactly(List.of(java.math.BigDecimal.valueOf((long) ROOMS * 2 * ROUNDS)));
  }

  /**
   * Partition {@code p}'s batch of round {@code round}: the temperature of the rooms it shares with
   * the next partition, and the CO2 of the rooms it owns, whose values go up across the limit of
   * 1000 ppm and back; the batch repeats its first record under a second offset (the same
   * CloudEvent id twice).
   */
  private static KafkaEvent batch(String tenant, int p, int round) {
    KafkaEvents.Event event = KafkaEvents.selfManaged("127.0.0.1:9092");
    List<String> records = new ArrayList<>();
    for (int room = 0; room < ROOMS; room++) {
      // Room r's temperature sensors are on partitions r % 3 and (r + 1) % 3.
      if (room % PARTITIONS == p || (room + 1) % PARTITIONS == p) {
        int sensor = room % PARTITIONS == p ? 0 : 1;
        double value = 20 + ((room * 7 + round * 3 + sensor) % 11) / 2.0;
        // The second sensor reads 5 s later: the later of the two racing batches must win.
        records.add(
            reading(
                tenant, room, "temp-" + sensor, "temperature", "Cel", value, round, sensor * 5));
      }
      if (room % PARTITIONS == p) {
        double value = 900 + 300 * Math.sin(round / 2.0 + room);
        records.add(reading(tenant, room, "co2", "co2", "ppm", value, round, 2));
      }
    }
    records.add(records.get(0));
    for (String record : records) {
      event.record("sensor.readings", p, "k", record);
    }
    return event.build();
  }

  private static String reading(
      String tenant,
      int room,
      String sensor,
      String type,
      String unit,
      double value,
      int round,
      int offsetSeconds) {
    String sensorId = "room-" + room + "-" + sensor;
    Instant at = T0.plusSeconds(20L * round + offsetSeconds);
    String id =
        UUID.nameUUIDFromBytes((tenant + sensorId + round).getBytes(StandardCharsets.UTF_8))
            .toString();
    return SensorReadingRecords.json(id, tenant, sensorId, "room-" + room, type, unit, value, at);
  }

  private static String deliver(SensorReadingsHandler handler, KafkaEvent batch) {
    String result = handler.handleRequest(batch, LocalLambdaContext.of("rooms-sensor-readings"));
    assertThat(result).as("a batch's answer").contains("deadLettered=0");
    return result;
  }

  /** The tenant's rooms, CO2 limited to 1000 ppm (temperature has no limits). */
  @SuppressWarnings("unchecked")
  private static void rooms(String tenant) {
    TransactionOperations<Connection> transactions = first.getBean(TransactionOperations.class);
    transactions.executeWrite(
        status -> {
          try (Statement sql = status.getConnection().createStatement()) {
            sql.execute(
                "INSERT INTO room (tenant_id, id, name, building, floor, created_at)"
                    + " SELECT '"
                    + tenant
                    + "', 'room-' || r, 'Room ' || r, 'HQ', 1, now()"
                    + " FROM generate_series(0, "
                    + (ROOMS - 1)
                    + ") r");
            sql.execute(
                "INSERT INTO room_threshold (tenant_id, room_id, metric, max, updated_at)"
                    + " SELECT tenant_id, id, 'co2', 1000, now() FROM room WHERE tenant_id = '"
                    + tenant
                    + "'");
          }
          return null;
        });
  }

  @SuppressWarnings("unchecked")
  private static List<List<Object>> rows(String select, String tenant) {
    TransactionOperations<Connection> transactions = first.getBean(TransactionOperations.class);
    return transactions.executeRead(
        status -> {
          List<List<Object>> rows = new ArrayList<>();
          try (PreparedStatement query = status.getConnection().prepareStatement(select)) {
            query.setString(1, tenant);
            try (ResultSet rs = query.executeQuery()) {
              int columns = rs.getMetaData().getColumnCount();
              while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                  row.add(rs.getObject(c));
                }
                rows.add(row);
              }
            }
          }
          return rows;
        });
  }
}
