package io.sac4cps.analytics;

import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.analytics.domain.Metric;
import io.sac4cps.analytics.domain.Reading;
import io.sac4cps.analytics.events.ReadingProjection;
import io.sac4cps.analytics.events.RoomEventsQueueHandler;
import io.sac4cps.analytics.events.SensorReadingsHandler;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.lambda.KafkaEvents;
import io.sac4cps.testkit.lambda.SqsEvents;
import io.sac4cps.testkit.security.TestTokens;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daily rollups behind the summary (decision 0064) against what the hours say: a late reading
 * in a day already rolled up, a batch delivered again, thresholds changed after the readings, and
 * two batches adding to one day at the same time. Periods of whole UTC days read the rollups only;
 * a period starting and ending mid-day reads its edges from the hours.
 *
 * <p>One room per test (temperature 20..24 °C, no occupancy sensor, so every hour with a
 * temperature reading is occupied), readings on 2025-04-01 (D1) and 2025-04-02 (D2) at 10:00Z.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class AnalyticsRollupIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUILDING = "Rollup House";
  private static final String DAYS = "from=2025-04-01T00:00:00Z&to=2025-04-03T00:00:00Z";
  private static final String MID_DAY = "from=2025-04-01T10:00:00Z&to=2025-04-03T11:00:00Z";

  private static ApiFunction analytics;
  private static SensorReadingsHandler readings;
  private static RoomEventsQueueHandler rooms;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    analytics = ApiFunction.builder("analytics").properties(infrastructure.properties()).start();
    readings = new SensorReadingsHandler(analytics.context());
    rooms = new RoomEventsQueueHandler(analytics.context());
  }

  @AfterAll
  static void stop() {
    analytics.close();
  }

  @Test
  void aLateReadingInADayAlreadyRolledUpIsJudgedWithItsHourAndNeverCountedTwice() throws Exception {
    String tenant = tenant();
    describe(tenant, "{\"temperature\":{\"min\":20,\"max\":24}}", "2025-03-01T00:00:00Z");
    assertThat(
            deliver(
                reading(tenant, "t-1", 22, "2025-04-01T10:00:00Z"),
                reading(tenant, "t-1", 23, "2025-04-02T10:00:00Z")))
        .contains("applied=2");
    // Both hours inside 20..24.
    assertComfort(summary(tenant, DAYS), 2, 100);
    assertComfort(summary(tenant, MID_DAY), 2, 100);

    // D2 was rolled up after D1; now D1's 10:00 hour gets a second reading: mean (22 + 30) / 2 =
    // 26, outside.
    ObjectNode late = reading(tenant, "t-1", 30, "2025-04-01T10:30:00Z");
    assertThat(deliver(late)).contains("applied=1");
    JsonNode days = summary(tenant, DAYS);
    assertComfort(days, 2, 50);
    // D1's hour is an edge hour of this period, D2's comes from its day.
    assertComfort(summary(tenant, MID_DAY), 2, 50);
    JsonNode sensor = days.at("/dataHealth/sensors/0");
    assertThat(sensor.get("sensorId").asText()).isEqualTo("t-1");
    assertThat(sensor.get("received").asLong()).isEqualTo(3);
    assertThat(summary(tenant, MID_DAY).at("/dataHealth/sensors/0/received").asLong()).isEqualTo(3);

    // The same batch again: nothing changes.
    assertThat(deliver(late)).contains("applied=0").contains("duplicates=1");
    JsonNode again = summary(tenant, DAYS);
    assertThat(again.get("comfort")).isEqualTo(days.get("comfort"));
    assertThat(again.get("dataHealth")).isEqualTo(days.get("dataHealth"));
  }

  @Test
  void thresholdsChangedAfterTheReadingsRejudgeTheDaysAlreadyRolledUp() throws Exception {
    String tenant = tenant();
    describe(tenant, "{\"temperature\":{\"min\":20,\"max\":24}}", "2025-03-01T00:00:00Z");
    deliver(
        reading(tenant, "t-1", 22, "2025-04-01T10:00:00Z"),
        reading(tenant, "t-1", 26, "2025-04-02T10:00:00Z"));
    assertComfort(summary(tenant, DAYS), 2, 50);

    // 26 °C is inside the new 20..27: both hours comfortable, as if the limit had always been 27.
    describe(tenant, "{\"temperature\":{\"min\":20,\"max\":27}}", "2025-04-05T00:00:00Z");
    assertComfort(summary(tenant, DAYS), 2, 100);
    assertComfort(summary(tenant, MID_DAY), 2, 100);
  }

  @Test
  @SuppressWarnings("unchecked")
  void twoBatchesAddingToDifferentHoursOfOneDayAtOnceBothCount() throws Exception {
    String tenant = tenant();
    describe(tenant, "{\"temperature\":{\"min\":20,\"max\":24}}", "2025-03-01T00:00:00Z");
    ReadingProjection projection = analytics.context().getBean(ReadingProjection.class);
    TransactionOperations<Connection> transactions =
        analytics.context().getBean(TransactionOperations.class);
    // Two sensors of the room on different partitions: batches of different consumers.
    Reading first = direct(tenant, "t-1", 22, "2025-04-01T10:00:00Z");
    Reading second = direct(tenant, "t-2", 21, "2025-04-01T11:00:00Z");
    CountDownLatch firstApplied = new CountDownLatch(1);
    CountDownLatch commitFirst = new CountDownLatch(1);
    CompletableFuture<Void> one =
        CompletableFuture.runAsync(
            () ->
                transactions.executeWrite(
                    status -> {
                      projection.apply(List.of(first));
                      firstApplied.countDown();
                      await(commitFirst);
                      return null;
                    }));
    await(firstApplied);
    // The second batch runs while the first is applied but not committed; without the day's lock
    // it would write a D1 that lacks the first batch's hour.
    CompletableFuture<Void> two =
        CompletableFuture.runAsync(
            () ->
                transactions.executeWrite(
                    status -> {
                      projection.apply(List.of(second));
                      return null;
                    }));
    Thread.sleep(500);
    commitFirst.countDown();
    one.get(30, TimeUnit.SECONDS);
    two.get(30, TimeUnit.SECONDS);

    assertComfort(summary(tenant, "from=2025-04-01T00:00:00Z&to=2025-04-02T00:00:00Z"), 2, 100);
  }

  private static void assertComfort(JsonNode summary, double occupiedHours, double insidePercent) {
    assertThat(summary.at("/comfort/occupiedHours/value").asDouble())
        .as(summary.toString())
        .isEqualTo(occupiedHours);
    assertThat(summary.at("/comfort/insidePercent/value").asDouble())
        .as(summary.toString())
        .isEqualTo(insidePercent);
    assertThat(summary.at("/rooms/0/comfort/temperaturePercent").asDouble())
        .isEqualTo(insidePercent);
  }

  private static String tenant() {
    return "tenant-" + UUID.randomUUID();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode summary(String tenant, String period) throws Exception {
    ApiResponse response =
        analytics.get(
            "/analytics/summary?building=Rollup%20House&" + period,
            TestTokens.token("user-" + tenant, tenant, "viewer"));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static String deliver(ObjectNode... events) {
    KafkaEvents.Event batch = KafkaEvents.selfManaged("127.0.0.1:9092");
    for (ObjectNode event : events) {
      assertMatchesEventContract(event);
      batch.record("sensor.readings", 0, event.get("subject").asText(), event.toString());
    }
    return readings.handleRequest(batch.build(), LocalLambdaContext.of("readings"));
  }

  private static Reading direct(String tenant, String sensor, double value, String at) {
    return new Reading(
        tenant, "room-r", sensor, Metric.TEMPERATURE, "Cel", value, Instant.parse(at));
  }

  private static ObjectNode reading(String tenant, String sensor, double value, String at) {
    ObjectNode data = JSON.createObjectNode();
    data.put("sensorId", sensor).put("roomId", "room-r").put("tenantId", tenant);
    data.put("type", "temperature").put("unit", "Cel").put("value", value).put("timestamp", at);
    String id =
        UUID.nameUUIDFromBytes((tenant + "/" + sensor + "/" + at).getBytes(StandardCharsets.UTF_8))
            .toString();
    return envelope(tenant, id, "sensors", "sensor.reading.recorded.v1", sensor, at, data);
  }

  private static void describe(String tenant, String thresholds, String at) throws Exception {
    ObjectNode data = JSON.createObjectNode();
    data.put("roomId", "room-r").put("name", "Room R").put("building", BUILDING).put("floor", 0);
    data.put("areaM2", 12.0).put("capacity", 4);
    data.set("thresholds", JSON.readTree(thresholds));
    data.put("changedAt", at);
    ObjectNode event =
        envelope(
            tenant, UUID.randomUUID().toString(), "rooms", "room.changed.v1", "room-r", at, data);
    assertMatchesEventContract(event);
    assertThat(
            rooms
                .handleRequest(
                    SqsEvents.eventOfBodies(event.toString()), LocalLambdaContext.of("rooms"))
                .getBatchItemFailures())
        .isEmpty();
  }

  private static ObjectNode envelope(
      String tenant,
      String id,
      String function,
      String type,
      String subject,
      String time,
      JsonNode data) {
    ObjectNode event = JSON.createObjectNode();
    event.put("specversion", "1.0").put("id", id).put("source", "/sac4cps/" + function);
    event.put("type", type).put("time", time).put("subject", subject);
    event.put("datacontenttype", "application/json").put("tenantid", tenant);
    event.set("data", data);
    return event;
  }
}
