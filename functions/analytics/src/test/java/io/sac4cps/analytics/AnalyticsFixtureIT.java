package io.sac4cps.analytics;

import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sac4cps.analytics.events.AlertsQueueHandler;
import io.sac4cps.analytics.events.RoomEventsQueueHandler;
import io.sac4cps.analytics.events.SensorReadingsHandler;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.lambda.KafkaEvents;
import io.sac4cps.testkit.lambda.SqsEvents;
import io.sac4cps.testkit.security.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14's fixture building, fed through the Lambda handlers as Lambda hands them events (Kafka
 * batches of base64 CloudEvents, SQS messages of raw-delivered SNS notifications) into real
 * PostgreSQL, and read back through the HTTP handler. Three rooms over 2025-03-27..31
 * (Europe/Berlin switches to summer time on 2025-03-30 at 01:00Z), a late reading, a redelivered
 * batch, a duplicate reading, alerts out of order and a stale sensor; every expected number is
 * worked out by hand in the comments.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class AnalyticsFixtureIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "tenant-" + UUID.randomUUID();
  private static final String HQ = "Fixture HQ";
  private static final String A = "room-a";
  private static final String B = "room-b";
  private static final String C = "room-c";

  private static ApiFunction analytics;
  private static SensorReadingsHandler readings;
  private static final List<String> results = new ArrayList<>();

  @BeforeAll
  static void feed(Infrastructure infrastructure) throws Exception {
    analytics =
        ApiFunction.builder("analytics")
            .properties(infrastructure.properties())
            // Stale: nothing in the 40 h before the period's end (2025-03-31T00:00Z).
            .property("analytics.stale-after", "40h")
            .start();
    readings = new SensorReadingsHandler(analytics.context());
    RoomEventsQueueHandler rooms = new RoomEventsQueueHandler(analytics.context());
    AlertsQueueHandler alerts = new AlertsQueueHandler(analytics.context());

    // A: capacity 10, 20 m², temperature 20..24, CO2 ≤ 800. An older change arriving later loses.
    rooms.handleRequest(
        SqsEvents.eventOfBodies(
            room(
                A,
                10,
                20.0,
                "{\"temperature\":{\"min\":20,\"max\":24},\"co2\":{\"max\":800}}",
                "2025-03-01T00:00:00Z"),
            room(B, 4, 10.0, "{}", "2025-03-01T00:00:00Z"),
            room(C, 8, 30.0, "{\"humidity\":{\"min\":30,\"max\":60}}", "2025-03-01T00:00:00Z")),
        LocalLambdaContext.of("rooms"));
    rooms.handleRequest(
        SqsEvents.eventOfBodies(room(A, 99, 1.0, "{}", "2025-02-01T00:00:00Z")),
        LocalLambdaContext.of("rooms"));

    // Previous period [03-27, 03-29): energy A 3.0, B 2.0; C's temperature sensor's last reading.
    deliver(
        reading("en-a", A, "energy", "kWh", 3.0, "2025-03-28T10:00:00Z"),
        reading("en-b", B, "energy", "kWh", 2.0, "2025-03-28T14:00:00Z"),
        reading("temp-c", C, "temperature", "Cel", 21, "2025-03-28T08:05:00Z"));

    String dayOne =
        deliver(
            // A occupancy: hour 09 → 5, 7 (peak 7); hour 10 → 0, 0 (unoccupied); hour 11 → 10.
            reading("occ-a", A, "occupancy", "people", 5, "2025-03-29T09:00:00Z"),
            reading("occ-a", A, "occupancy", "people", 7, "2025-03-29T09:30:00Z"),
            reading("occ-a", A, "occupancy", "people", 0, "2025-03-29T10:00:00Z"),
            reading("occ-a", A, "occupancy", "people", 0, "2025-03-29T10:30:00Z"),
            reading("occ-a", A, "occupancy", "people", 10, "2025-03-29T11:15:00Z"),
            // A temperature (hour means are the values).
            reading("temp-a", A, "temperature", "Cel", 21, "2025-03-29T10:00:00Z"),
            reading("temp-a", A, "temperature", "Cel", 23, "2025-03-29T22:30:00Z"),
            reading("temp-a", A, "temperature", "Cel", 25, "2025-03-29T23:30:00Z"),
            reading("temp-a", A, "temperature", "Cel", 19, "2025-03-30T21:30:00Z"),
            reading("temp-a", A, "temperature", "Cel", 22, "2025-03-30T22:30:00Z"),
            // A CO2: hour 09 above its 800 limit, hour 11 within.
            reading("co2-a", A, "co2", "ppm", 900, "2025-03-29T09:20:00Z"),
            reading("co2-a", A, "co2", "ppm", 700, "2025-03-29T11:20:00Z"),
            reading("en-a", A, "energy", "kWh", 1.5, "2025-03-29T09:10:00Z"),
            reading("en-a", A, "energy", "kWh", 2.5, "2025-03-29T15:00:00Z"),
            // B: occupied in hour 14 only; CO2 1200 is above the default 1000.
            reading("occ-b", B, "occupancy", "people", 2, "2025-03-29T14:00:00Z"),
            reading("occ-b", B, "occupancy", "people", 4, "2025-03-29T14:30:00Z"),
            reading("co2-b", B, "co2", "ppm", 1200, "2025-03-29T14:20:00Z"),
            reading("co2-b", B, "co2", "ppm", 900, "2025-03-29T15:20:00Z"),
            reading("en-b", B, "energy", "kWh", 1.0, "2025-03-29T14:00:00Z"),
            // C (no occupancy sensor): humidity in, out, in its 30..60.
            reading("hum-c", C, "humidity", "%RH", 45, "2025-03-29T08:00:00Z"),
            reading("hum-c", C, "humidity", "%RH", 65, "2025-03-29T09:00:00Z"),
            reading("hum-c", C, "humidity", "%RH", 50, "2025-03-29T10:00:00Z"));
    assertThat(dayOne).contains("applied=22");
    // A duplicate reading (same sensor and time: sensors gives it the same event id) and a late
    // one, an hour before readings already applied.
    String late =
        deliver(
            reading("occ-a", A, "occupancy", "people", 5, "2025-03-29T09:00:00Z"),
            reading("temp-a", A, "temperature", "Cel", 20, "2025-03-29T11:00:00Z"));
    assertThat(late).contains("applied=1").contains("duplicates=1");

    // Alerts: al-2's resolution arrives before its raise; al-1's raise is delivered twice.
    alerts.handleRequest(
        SqsEvents.eventOfBodies(
            raised("al-1", A, "2025-03-29T09:10:00Z"),
            resolved("al-1", A, "2025-03-29T09:10:00Z", "2025-03-29T09:40:00Z"),
            resolved("al-2", A, "2025-03-29T11:00:00Z", "2025-03-29T13:00:00Z"),
            raised("al-2", A, "2025-03-29T11:00:00Z"),
            raised("al-3", B, "2025-03-29T14:25:00Z"),
            raised("al-4", B, "2025-03-28T10:00:00Z"),
            resolved("al-4", B, "2025-03-28T10:00:00Z", "2025-03-29T01:00:00Z")),
        LocalLambdaContext.of("alerts"));
    alerts.handleRequest(
        SqsEvents.eventOfBodies(raised("al-1", A, "2025-03-29T09:10:00Z")),
        LocalLambdaContext.of("alerts"));
    // Acknowledgements travel the same topic and change no figure (decision 0044), even one of an
    // alert analytics never saw raised.
    assertThat(
            alerts
                .handleRequest(
                    SqsEvents.eventOfBodies(
                        acknowledged("al-3", B, "2025-03-29T14:30:00Z"),
                        acknowledged("al-9", C, "2025-03-29T14:30:00Z")),
                    LocalLambdaContext.of("alerts"))
                .getBatchItemFailures())
        .isEmpty();
  }

  @AfterAll
  static void stop() {
    analytics.close();
  }

  @Test
  void aRedeliveredBatchChangesNothing() throws Exception {
    JsonNode before = trend("roomId=" + A + "&metric=occupancy&interval=1d&agg=sum,count");
    String again = deliver(reading("occ-a", A, "occupancy", "people", 7, "2025-03-29T09:30:00Z"));
    assertThat(again).contains("applied=0").contains("duplicates=1");
    assertThat(trend("roomId=" + A + "&metric=occupancy&interval=1d&agg=sum,count"))
        .isEqualTo(before);
  }

  @Test
  void dailyTrendInBerlinHasA23HourDayAndAnExplicitGap() throws Exception {
    JsonNode trend =
        trend(
            "roomId="
                + A
                + "&metric=temperature&interval=1d&tz=Europe/Berlin&agg=min,max,avg,sum,count"
                + "&from=2025-03-29T00:00:00%2B01:00&to=2025-04-02T00:00:00%2B02:00");
    JsonNode points = trend.get("points");
    assertThat(points).hasSize(4);
    // 03-29 local: 21 (10:00Z), 23 (22:30Z = 23:30 CET) and the late 20 (11:00Z).
    point(points.get(0), "2025-03-28T23:00:00Z", "2025-03-29T23:00:00Z", 3, 20, 23, 64);
    // 03-30, 23 hours: 25 (23:30Z = 00:30 CET) and 19 (21:30Z = 23:30 CEST).
    point(points.get(1), "2025-03-29T23:00:00Z", "2025-03-30T22:00:00Z", 2, 19, 25, 44);
    point(points.get(2), "2025-03-30T22:00:00Z", "2025-03-31T22:00:00Z", 1, 22, 22, 22);
    JsonNode gap = points.get(3);
    assertThat(gap.get("t").asText()).isEqualTo("2025-03-31T22:00:00Z");
    assertThat(gap.get("count").asLong()).isZero();
    assertThat(gap.has("avg") || gap.has("min") || gap.has("sum")).isFalse();
    assertThat(trend.get("from").asText()).isEqualTo("2025-03-28T23:00:00Z");
    assertThat(trend.get("to").asText()).isEqualTo("2025-04-01T22:00:00Z");
  }

  @Test
  void hourlyTrendAcrossTheSpringForwardHasNoBucketForTheSkippedHour() throws Exception {
    JsonNode points =
        trend(
                "roomId="
                    + A
                    + "&metric=temperature&interval=1h&tz=Europe/Berlin&agg=avg"
                    + "&from=2025-03-30T00:00:00%2B01:00&to=2025-03-30T04:00:00%2B02:00")
            .get("points");
    // Local 00:00, 01:00 (CET) then 03:00 (CEST): 02:00 does not exist.
    assertThat(points)
        .extracting(p -> p.get("t").asText())
        .containsExactly("2025-03-29T23:00:00Z", "2025-03-30T00:00:00Z", "2025-03-30T01:00:00Z");
    assertThat(points.get(0).get("avg").asDouble()).isEqualTo(25);
    assertThat(points.get(0).has("min")).isFalse();
    assertThat(points.get(1).get("count").asLong()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"Asia/Kolkata, 2025-03-28T18:30:00Z", "Asia/Kathmandu, 2025-03-28T18:15:00Z"})
  void dailyTrendInAZoneOffByAQuarterOrHalfHourComesFromQuarterHours(String zone, String start)
      throws Exception {
    JsonNode points =
        trend(
                "roomId="
                    + A
                    + "&metric=temperature&interval=1d&agg=sum,count&tz="
                    + zone
                    + "&from=2025-03-29T12:00:00Z&to=2025-03-30T12:00:00Z")
            .get("points");
    // Local days start at 18:30Z (18:15Z): 03-29 holds 21 and 20 (10:00Z, 11:00Z), 03-30 holds
    // 23 and 25 (22:30Z, 23:30Z); the hour aggregates could not split those days.
    assertThat(points).hasSize(2);
    assertThat(points.get(0).get("t").asText()).isEqualTo(start);
    assertThat(points.get(0).get("count").asLong()).isEqualTo(2);
    assertThat(points.get(0).get("sum").asDouble()).isEqualTo(41);
    assertThat(points.get(1).get("count").asLong()).isEqualTo(2);
    assertThat(points.get(1).get("sum").asDouble()).isEqualTo(48);
  }

  @Test
  void buildingSummaryMatchesTheHandComputedFigures() throws Exception {
    JsonNode s = summary("building=Fixture%20HQ&from=2025-03-29T00:00:00Z&to=2025-03-31T00:00:00Z");
    assertThat(s.get("previousFrom").asText()).isEqualTo("2025-03-27T00:00:00Z");

    // Occupancy. A: (5+7+0+0+10)/5 = 4.4 of 10 → 44 %, peak 10 → 100 %. B: (2+4)/2 = 3 of 4 → 75 %.
    // Building: (4.4 + 3) / (10 + 4) = 52.857142… %; no occupancy readings before.
    assertFigure(s.at("/occupancy/utilisationPercent"), 7.4 / 14 * 100, null);
    assertThat(s.at("/occupancy/busiestRooms"))
        .extracting(r -> r.get("roomId").asText())
        .containsExactly(B, A);
    JsonNode a = room(s, A);
    JsonNode b = room(s, B);
    JsonNode c = room(s, C);
    assertThat(a.at("/occupancy/mean").asDouble()).isCloseTo(4.4, within(1e-9));
    assertThat(a.at("/occupancy/utilisationPercent").asDouble()).isCloseTo(44, within(1e-9));
    assertThat(a.at("/occupancy/peakUtilisationPercent").asDouble()).isEqualTo(100);
    assertThat(b.at("/occupancy/utilisationPercent").asDouble()).isEqualTo(75);
    assertThat(c.at("/occupancy/mean").isNull()).isTrue();
    assertThat(a.get("capacity").asInt()).as("the older room change lost").isEqualTo(10);

    // Energy: A 1.5 + 2.5 = 4 kWh (0.2 /m²), B 1 (0.1 /m²); 5 kWh over 30 m² metered; before 3 + 2.
    assertFigure(s.at("/energy/totalKwh"), 5.0, 5.0);
    assertFigure(s.at("/energy/kwhPerM2"), 5.0 / 30, 5.0 / 30);
    assertThat(s.at("/energy/meteredAreaM2").asDouble()).isEqualTo(30);
    assertThat(a.get("energyKwh").asDouble()).isEqualTo(4);
    assertThat(a.get("kwhPerM2").asDouble()).isCloseTo(0.2, within(1e-12));
    assertThat(c.get("energyKwh").isNull()).isTrue();

    // Comfort. A occupied hours 09 (CO2 900 > 800: out) and 11 (20 °C, 700 ppm: in) → 1 of 2;
    // temperature judged in hour 11 only → 100 %; CO2 1 of 2. B has no thresholds: not judged.
    // C has no occupancy sensor: its hours with readings 08, 09, 10 count; humidity in, out, in.
    // Building: (1 + 2) / (2 + 3) = 60 %. Before: nothing judged; C's hour 03-28T08 occupied.
    assertFigure(s.at("/comfort/insidePercent"), 60.0, null);
    assertFigure(s.at("/comfort/occupiedHours"), 6.0, 1.0);
    // CO2 exceedance: A hour 09 (> 800), B hour 14 (1200 > default 1000).
    assertFigure(s.at("/comfort/co2ExceedanceHours"), 2.0, 0.0);
    assertThat(a.at("/comfort/insidePercent").asDouble()).isEqualTo(50);
    assertThat(a.at("/comfort/temperaturePercent").asDouble()).isEqualTo(100);
    assertThat(a.at("/comfort/co2Percent").asDouble()).isEqualTo(50);
    assertThat(a.at("/comfort/humidityPercent").isNull()).isTrue();
    assertThat(b.at("/comfort/insidePercent").isNull()).isTrue();
    assertThat(c.at("/comfort/insidePercent").asDouble()).isCloseTo(200.0 / 3, within(1e-9));
    assertThat(a.get("co2ExceedanceHours").asLong()).isEqualTo(1);
    assertThat(b.get("co2ExceedanceHours").asLong()).isEqualTo(1);

    // Alerts: raised al-1, al-2, al-3; resolved al-1 (30 min), al-2 (2 h), al-4 (15 h);
    // al-3 still active. MTTR (1800 + 7200 + 54000) / 3 = 21000 s. Before: al-4 raised, active.
    assertFigure(s.at("/alerts/raised"), 3.0, 1.0);
    assertFigure(s.at("/alerts/resolved"), 3.0, 0.0);
    assertFigure(s.at("/alerts/active"), 1.0, 1.0);
    assertFigure(s.at("/alerts/meanTimeToResolveSeconds"), 21000.0, null);
    assertThat(s.at("/alerts/topRooms"))
        .extracting(r -> r.get("roomId").asText() + "=" + r.get("alerts"))
        .containsExactly(A + "=2", B + "=1");

    // Data health. temp-c last read 03-28T08:05Z: stale; it read once an hour, so 48 expected,
    // 0 received. occ-a: hours with 2, 2, 1 readings → usual 5/3 per hour over the 39 h from
    // 09:00 → 65.
    assertThat(s.at("/dataHealth/staleSensors"))
        .extracting(x -> x.get("sensorId").asText())
        .containsExactly("temp-c");
    JsonNode tempC = sensor(s, "temp-c");
    assertThat(tempC.get("received").asLong()).isZero();
    assertThat(tempC.get("expected").asLong()).isEqualTo(48);
    assertThat(tempC.get("completenessPercent").asDouble()).isZero();
    JsonNode occA = sensor(s, "occ-a");
    assertThat(occA.get("received").asLong()).isEqualTo(5);
    assertThat(occA.get("expected").asLong()).isEqualTo(65);
    assertThat(occA.get("completenessPercent").asDouble()).isCloseTo(5.0 / 65 * 100, within(1e-9));
    assertThat(s.at("/dataHealth/sensorCount").asInt()).isEqualTo(9);
  }

  @Test
  void unknownBuildingsRoomsOfOtherTenantsAndBadParametersAreProblems() throws Exception {
    ApiResponse unknown =
        analytics.send(
            ApiGatewayEvents.request("GET", "/analytics/summary")
                .query("building", "Nowhere")
                .bearer(token()));
    assertThat(unknown.status()).isEqualTo(404);
    String otherTenant =
        TestTokens.token("user-other", "tenant-other-" + UUID.randomUUID(), "admin");
    assertThat(analytics.get("/analytics/summary?building=Fixture%20HQ", otherTenant).status())
        .as("another tenant does not have the building")
        .isEqualTo(404);
    assertThat(
            analytics.get("/analytics/trends?metric=temperature&roomId=" + A, otherTenant).status())
        .as("nor the room")
        .isEqualTo(404);
    ApiResponse otherTenantWide =
        analytics.get(
            "/analytics/summary?from=2025-03-29T00:00:00Z&to=2025-03-31T00:00:00Z", otherTenant);
    assertThat(otherTenantWide.json().get("rooms")).isEmpty();
    assertThat(otherTenantWide.json().at("/alerts/raised/value").asDouble()).isZero();
    ApiResponse bad =
        analytics.send(
            ApiGatewayEvents.request("GET", "/analytics/trends")
                .query("metric", "temperature")
                .query("tz", "Mars/Olympus")
                .query("agg", "avg,avg")
                .bearer(token()));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("tz").contains("agg");
  }

  // ---------------------------------------------------------------- fixture plumbing

  private static String deliver(ObjectNode... events) {
    KafkaEvents.Event batch = KafkaEvents.selfManaged("127.0.0.1:9092");
    for (ObjectNode event : events) {
      assertMatchesEventContract(event);
      batch.record("sensor.readings", 0, event.get("subject").asText(), event.toString());
    }
    return readings.handleRequest(batch.build(), LocalLambdaContext.of("readings"));
  }

  private static ObjectNode reading(
      String sensor, String room, String type, String unit, double value, String timestamp) {
    ObjectNode data = JSON.createObjectNode();
    data.put("sensorId", sensor).put("roomId", room).put("tenantId", TENANT).put("type", type);
    data.put("unit", unit).put("value", value).put("timestamp", timestamp);
    // sensors' event id: one per tenant, sensor and timestamp, so a repeated reading is a
    // duplicate.
    String id =
        UUID.nameUUIDFromBytes(
                (TENANT + "/" + sensor + "/" + timestamp).getBytes(StandardCharsets.UTF_8))
            .toString();
    return envelope(id, "sensors", "sensor.reading.recorded.v1", sensor, timestamp, data);
  }

  private static String room(String id, int capacity, double area, String thresholds, String at)
      throws Exception {
    ObjectNode data = JSON.createObjectNode();
    data.put("roomId", id).put("name", "Room " + id).put("building", HQ).put("floor", 1);
    data.put("areaM2", area).put("capacity", capacity);
    data.set("thresholds", JSON.readTree(thresholds));
    data.put("changedAt", at);
    ObjectNode event =
        envelope(UUID.randomUUID().toString(), "rooms", "room.changed.v1", id, at, data);
    assertMatchesEventContract(event);
    return event.toString();
  }

  private static String raised(String alert, String room, String at) {
    ObjectNode data = JSON.createObjectNode();
    data.put("alertId", alert).put("roomId", room).put("metric", "co2").put("value", 1100);
    data.putObject("threshold").put("max", 1000);
    data.put("crossed", "max").put("raisedAt", at);
    ObjectNode event = envelope("raised-" + alert, "rooms", "alert.raised.v1", alert, at, data);
    assertMatchesEventContract(event);
    return event.toString();
  }

  private static String resolved(String alert, String room, String raisedAt, String at) {
    ObjectNode data = JSON.createObjectNode();
    data.put("alertId", alert).put("roomId", room).put("metric", "co2").put("value", 900);
    data.put("raisedAt", raisedAt).put("resolvedAt", at);
    ObjectNode event = envelope("resolved-" + alert, "rooms", "alert.resolved.v1", alert, at, data);
    assertMatchesEventContract(event);
    return event.toString();
  }

  private static String acknowledged(String alert, String room, String at) {
    ObjectNode data = JSON.createObjectNode();
    data.put("alertId", alert).put("roomId", room).put("metric", "co2");
    data.put("acknowledgedBy", "user-op").put("acknowledgedAt", at);
    ObjectNode event = envelope("ack-" + alert, "rooms", "alert.acknowledged.v1", alert, at, data);
    assertMatchesEventContract(event);
    return event.toString();
  }

  private static ObjectNode envelope(
      String id, String function, String type, String subject, String time, JsonNode data) {
    ObjectNode event = JSON.createObjectNode();
    event.put("specversion", "1.0").put("id", id).put("source", "/sac4cps/" + function);
    event.put("type", type).put("time", Instant.parse(time).toString()).put("subject", subject);
    event.put("datacontenttype", "application/json").put("tenantid", TENANT);
    event.set("data", data);
    return event;
  }

  private static String token() {
    return TestTokens.token("user-" + TENANT, TENANT, "viewer");
  }

  private static JsonNode trend(String query) throws Exception {
    ApiResponse response = analytics.get("/analytics/trends?" + query, token());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static JsonNode summary(String query) throws Exception {
    ApiResponse response = analytics.get("/analytics/summary?" + query, token());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static JsonNode room(JsonNode summary, String id) {
    for (JsonNode room : summary.get("rooms")) {
      if (room.get("roomId").asText().equals(id)) {
        return room;
      }
    }
    throw new AssertionError("no room " + id + " in " + summary);
  }

  private static JsonNode sensor(JsonNode summary, String id) {
    for (JsonNode sensor : summary.at("/dataHealth/sensors")) {
      if (sensor.get("sensorId").asText().equals(id)) {
        return sensor;
      }
    }
    throw new AssertionError("no sensor " + id);
  }

  private static void point(
      JsonNode point, String t, String end, long count, double min, double max, double sum) {
    assertThat(point.get("t").asText()).isEqualTo(t);
    assertThat(point.get("end").asText()).isEqualTo(end);
    assertThat(point.get("count").asLong()).isEqualTo(count);
    assertThat(point.get("min").asDouble()).isEqualTo(min);
    assertThat(point.get("max").asDouble()).isEqualTo(max);
    assertThat(point.get("sum").asDouble()).isEqualTo(sum);
    assertThat(point.get("avg").asDouble()).isCloseTo(sum / count, within(1e-9));
  }

  private static void assertFigure(JsonNode figure, Double value, Double previous) {
    if (value == null) {
      assertThat(figure.get("value").isNull()).as(figure.toString()).isTrue();
    } else {
      assertThat(figure.get("value").asDouble())
          .as(figure.toString())
          .isCloseTo(value, within(1e-9));
    }
    if (previous == null) {
      assertThat(figure.get("previous").isNull()).as(figure.toString()).isTrue();
      assertThat(figure.get("change").isNull()).as(figure.toString()).isTrue();
    } else {
      assertThat(figure.get("previous").asDouble())
          .as(figure.toString())
          .isCloseTo(previous, within(1e-9));
      assertThat(figure.get("change").asDouble())
          .as(figure.toString())
          .isCloseTo(value - previous, within(1e-9));
    }
  }
}
