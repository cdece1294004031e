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
import io.sac4cps.platform.jdbc.JdbcStatements;
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
 * in a day already rolled up, a batch delivered again, thresholds changed after the readings, and a
 * batch adding to a day while another rolls it up. Whole UTC days come from their roll-up once a
 * batch of a later day made it, before that from their hours; a period starting and ending mid-day
 * reads its edges from the hours.
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

    // D1 was rolled up by that batch (D2, its newest day, is not settled yet); now D1's 10:00 hour
    // gets a second reading: mean (22 + 30) / 2 = 26, outside.
    assertThat(notRolledUp(tenant)).containsExactly("2025-04-02T00:00:00Z");
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

    // A reading of a later day (outside both periods) settles D1 and D2: the batch rolls them up,
    // the figures stay.
    assertThat(notRolledUp(tenant)).containsExactly("2025-04-01T00:00:00Z", "2025-04-02T00:00:00Z");
    deliver(reading(tenant, "t-1", 22, "2025-04-04T10:00:00Z"));
    assertThat(notRolledUp(tenant)).containsExactly("2025-04-04T00:00:00Z");
    JsonNode rolledUp = summary(tenant, DAYS);
    assertThat(rolledUp.get("comfort")).isEqualTo(days.get("comfort"));
    assertThat(rolledUp.at("/dataHealth/sensors/0/received").asLong()).isEqualTo(3);
    assertComfort(summary(tenant, MID_DAY), 2, 50);

    // The late batch again: nothing changes.
    assertThat(deliver(late)).contains("applied=0").contains("duplicates=1");
    JsonNode again = summary(tenant, DAYS);
    assertThat(again.get("comfort")).isEqualTo(rolledUp.get("comfort"));
    assertThat(again.get("dataHealth")).isEqualTo(rolledUp.get("dataHealth"));
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
    // Rolled up again against the new limit by a later batch.
    deliver(reading(tenant, "t-1", 22, "2025-04-03T10:00:00Z"));
    assertThat(notRolledUp(tenant)).containsExactly("2025-04-03T00:00:00Z");
    assertComfort(summary(tenant, DAYS), 2, 100);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aBatchAddingToADayWhileAnotherRollsItUpIsInTheFigures() throws Exception {
    String tenant = tenant();
    describe(tenant, "{\"temperature\":{\"min\":20,\"max\":24}}", "2025-03-01T00:00:00Z");
    deliver(reading(tenant, "t-1", 22, "2025-04-01T10:00:00Z"));
    ReadingProjection projection = analytics.context().getBean(ReadingProjection.class);
    TransactionOperations<Connection> transactions =
        analytics.context().getBean(TransactionOperations.class);
    // Batches of different partitions (sensors): the first carries D2 and so rolls up D1; the
    // second adds another hour to D1 while the first has not committed.
    Reading settles = direct(tenant, "t-3", 23, "2025-04-02T10:00:00Z");
    Reading adds = direct(tenant, "t-2", 21, "2025-04-01T11:00:00Z");
    CountDownLatch rolledUp = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    CompletableFuture<Void> first =
        CompletableFuture.runAsync(
            () ->
                transactions.executeWrite(
                    status -> {
                      projection.apply(List.of(settles));
                      rolledUp.countDown();
                      await(commit);
                      return null;
                    }));
    await(rolledUp);
    CompletableFuture<Void> second =
        CompletableFuture.runAsync(
            () ->
                transactions.executeWrite(
                    status -> {
                      projection.apply(List.of(adds));
                      return null;
                    }));
    Thread.sleep(500);
    assertThat(second).as("waits for the roll-up's lock on D1").isNotDone();
    commit.countDown();
    first.get(30, TimeUnit.SECONDS);
    second.get(30, TimeUnit.SECONDS);

    assertThat(notRolledUp(tenant)).contains("2025-04-01T00:00:00Z");
    assertComfort(summary(tenant, "from=2025-04-01T00:00:00Z&to=2025-04-02T00:00:00Z"), 2, 100);
    deliver(reading(tenant, "t-1", 22, "2025-04-03T10:00:00Z"));
    assertThat(notRolledUp(tenant)).containsExactly("2025-04-03T00:00:00Z");
    assertComfort(summary(tenant, "from=2025-04-01T00:00:00Z&to=2025-04-02T00:00:00Z"), 2, 100);
  }

  /** The days of the tenant's room-days changed since their roll-up, oldest first. */
  private static List<String> notRolledUp(String tenant) {
    JdbcStatements sql = analytics.context().getBean(JdbcStatements.class);
    @SuppressWarnings("unchecked")
    TransactionOperations<Connection> transactions =
        analytics.context().getBean(TransactionOperations.class);
    return transactions.executeRead(
        status ->
            sql.query(
                "SELECT day FROM room_day WHERE tenant_id = ? AND version <> rolled_version"
                    + " ORDER BY day",
                select -> select.setString(1, tenant),
                row -> JdbcStatements.instant(row, "day").toString()));
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
