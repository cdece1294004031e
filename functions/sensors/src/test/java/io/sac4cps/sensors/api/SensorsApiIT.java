package io.sac4cps.sensors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.sensors.AnnouncedRooms;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.TestTokens;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Registering sensors and ingesting readings through the Lambda handler, on real PostgreSQL and
 * Kafka.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class SensorsApiIT {
  private static ApiFunction sensors;
  private final String tenant = "tenant-" + UUID.randomUUID();
  private final String admin = TestTokens.token("admin-1", tenant, "admin");

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    sensors = ApiFunction.builder("sensors").properties(infrastructure.properties()).start();
  }

  @AfterAll
  static void stop() {
    sensors.close();
  }

  @BeforeEach
  void roomsExist() {
    AnnouncedRooms.announce(sensors, tenant, "room-1", "room-a", "room-b", "r");
  }

  @Test
  void aRegisteredSensorCanBeReadBackAndIsListedWithItsRoom() {
    var created =
        sensors.post(
            "/sensors",
            admin,
            "{\"id\":\"thermo-1\",\"roomId\":\"room-1\",\"type\":\"temperature\",\"unit\":\"°C\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.headers()).containsEntry("Location", "/sensors/thermo-1");
    assertThat(created.jsonMap()).containsEntry("id", "thermo-1").containsEntry("roomId", "room-1");

    var read = sensors.get("/sensors/thermo-1", admin);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.jsonMap()).containsEntry("type", "temperature").containsEntry("unit", "°C");
  }

  @Test
  void withoutAnIdTheSensorGetsOne() {
    var created =
        sensors.post(
            "/sensors", admin, "{\"roomId\":\"room-1\",\"type\":\"co2\",\"unit\":\"ppm\"}");
    assertThat(created.status()).isEqualTo(201);
    String id = (String) created.jsonMap().get("id");
    assertThat(sensors.get("/sensors/" + id, admin).status()).isEqualTo(200);
  }

  @Test
  void aSecondSensorWithTheSameIdIsAConflict() {
    String body = "{\"id\":\"dup-1\",\"roomId\":\"room-1\",\"type\":\"light\",\"unit\":\"lux\"}";
    assertThat(sensors.post("/sensors", admin, body).status()).isEqualTo(201);
    assertThat(sensors.post("/sensors", admin, body).status()).isEqualTo(409);
  }

  @Test
  void badSensorsAreRejectedNamingTheField() {
    var unknownType =
        sensors
            .violatingContract()
            .post("/sensors", admin, "{\"roomId\":\"r\",\"type\":\"smell\",\"unit\":\"x\"}");
    assertThat(unknownType.status()).isEqualTo(400);
    assertThat(fields(unknownType.jsonMap())).containsExactly("type");

    var missingRoom =
        sensors.violatingContract().post("/sensors", admin, "{\"type\":\"co2\",\"unit\":\"ppm\"}");
    assertThat(missingRoom.status()).isEqualTo(400);
    assertThat(fields(missingRoom.jsonMap())).contains("roomId");

    var badId =
        sensors
            .violatingContract()
            .post(
                "/sensors",
                admin,
                "{\"id\":\"has space\",\"roomId\":\"r\",\"type\":\"co2\",\"unit\":\"ppm\"}");
    assertThat(badId.status()).isEqualTo(400);
    assertThat(fields(badId.jsonMap())).containsExactly("id");
  }

  @Test
  void listingPagesThroughSensorsAndFiltersByRoomAndType() {
    for (int i = 0; i < 5; i++) {
      register("s-" + i, i < 3 ? "room-a" : "room-b", i % 2 == 0 ? "temperature" : "humidity");
    }
    List<String> seen = new ArrayList<>();
    String path = "/sensors?limit=2";
    int pages = 0;
    while (path != null) {
      Map<String, Object> page = sensors.get(path, admin).jsonMap();
      ((List<Map<String, Object>>) page.get("items")).forEach(s -> seen.add((String) s.get("id")));
      String next = (String) page.get("nextCursor");
      path = next == null ? null : "/sensors?limit=2&cursor=" + next;
      pages++;
    }
    assertThat(seen).containsExactly("s-0", "s-1", "s-2", "s-3", "s-4");
    assertThat(pages).isEqualTo(3);

    assertThat(ids(sensors.get("/sensors?roomId=room-a", admin)))
        .containsExactly("s-0", "s-1", "s-2");
    assertThat(ids(sensors.get("/sensors?roomId=room-a&type=temperature", admin)))
        .containsExactly("s-0", "s-2");
    assertThat(sensors.violatingContract().get("/sensors?limit=0", admin).status()).isEqualTo(400);
    assertThat(sensors.get("/sensors?cursor=garbage!", admin).status()).isEqualTo(400);
  }

  @Test
  void anotherTenantsSensorDoesNotExistForMe() {
    register("private-1", "room-1", "temperature");
    String stranger = TestTokens.token("u", "tenant-" + UUID.randomUUID(), "admin");
    assertThat(sensors.get("/sensors/private-1", stranger).status()).isEqualTo(404);
    assertThat(ids(sensors.get("/sensors", stranger))).isEmpty();
    var posted =
        sensors.post("/sensors/data", stranger, reading("private-1", "2026-01-01T00:00:00Z", 20));
    assertThat(posted.status()).isEqualTo(400);
    assertThat(sensors.get("/sensors/private-1/data", stranger).status()).isEqualTo(404);
  }

  @Test
  void aRepeatedReadingIsADuplicateNotASecondRow() {
    register("t-1", "room-1", "temperature");
    var first = sensors.post("/sensors/data", admin, reading("t-1", "2026-01-01T10:00:00Z", 21.5));
    assertThat(first.status()).isEqualTo(202);
    assertThat(first.jsonMap()).containsEntry("accepted", 1).containsEntry("duplicates", 0);
    var again =
        sensors.post("/sensors/data", admin, reading("t-1", "2026-01-01T11:00:00+01:00", 99.0));
    assertThat(again.jsonMap()).containsEntry("accepted", 0).containsEntry("duplicates", 1);

    var history =
        sensors
            .get("/sensors/t-1/data?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", admin)
            .jsonMap();
    assertThat((List<Map<String, Object>>) history.get("items"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .containsEntry("timestamp", "2026-01-01T10:00:00Z")
                    .containsEntry("value", 21.5));
  }

  @Test
  void aBatchStoresTheGoodReadingsAndSaysWhyEachBadOneWasRefused() {
    register("t-2", "room-1", "temperature");
    register("c-2", "room-1", "co2");
    sensors.post("/sensors/data", admin, reading("t-2", "2026-02-01T00:00:00Z", 20));
    String batch =
        "{\"readings\":["
            + "{\"sensorId\":\"t-2\",\"timestamp\":\"2026-02-01T00:00:00Z\",\"value\":20},"
            + "{\"sensorId\":\"t-2\",\"timestamp\":\"2026-02-01T00:01:00Z\",\"value\":20.5},"
            + "{\"sensorId\":\"c-2\",\"timestamp\":\"2026-02-01T00:01:00Z\",\"value\":800},"
            + "{\"sensorId\":\"ghost\",\"timestamp\":\"2026-02-01T00:01:00Z\",\"value\":1},"
            + "{\"sensorId\":\"c-2\",\"timestamp\":\"2026-02-01T00:02:00Z\",\"value\":-5},"
            + "{\"sensorId\":\"t-2\",\"timestamp\":\"2026-02-01T00:01:00Z\",\"value\":20.5}"
            + "]}";
    var response = sensors.post("/sensors/data", admin, batch);
    assertThat(response.status()).isEqualTo(202);
    Map<String, Object> result = response.jsonMap();
    assertThat(result).containsEntry("accepted", 2).containsEntry("duplicates", 2);
    assertThat((List<Map<String, Object>>) result.get("rejected"))
        .extracting(r -> r.get("index") + ":" + r.get("field"))
        .containsExactly("3:readings[3].sensorId", "4:readings[4].value");
  }

  @Test
  void aRequestWithNothingStorableIsA400NamingEachField() {
    var response =
        sensors
            .violatingContract()
            .post(
                "/sensors/data",
                admin,
                "{\"readings\":[{\"sensorId\":\"ghost\",\"timestamp\":\"2026-02-01T00:00:00Z\",\"value\":1},{\"timestamp\":\"x\"}]}");
    assertThat(response.status()).isEqualTo(400);
    assertThat(fields(response.jsonMap()))
        .containsExactly("readings[0].sensorId", "readings[1].sensorId");
  }

  @Test
  void malformedOrOversizedBodiesAreRejectedAndStoreNothing() {
    register("t-3", "room-1", "temperature");
    assertThat(
            sensors
                .violatingContract()
                .post("/sensors/data", admin, "{\"sensorId\":\"t-3\",")
                .status())
        .isEqualTo(400);
    var wrongType =
        sensors
            .violatingContract()
            .post(
                "/sensors/data",
                admin,
                "{\"sensorId\":\"t-3\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":\"hot\"}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(fields(wrongType.jsonMap())).containsExactly("value");
    StringBuilder tooMany = new StringBuilder("{\"readings\":[");
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 1001; i++) {
      tooMany.append(i == 0 ? "" : ",").append(reading("t-3", t.plusSeconds(i).toString(), 20));
    }
    var oversized =
        sensors.violatingContract().post("/sensors/data", admin, tooMany.append("]}").toString());
    assertThat(oversized.status()).isEqualTo(400);
    assertThat(fields(oversized.jsonMap())).containsExactly("readings");
    assertThat(sensors.violatingContract().post("/sensors/data", admin, "{}").status())
        .isEqualTo(400);
    var history =
        sensors
            .get("/sensors/t-3/data?from=2025-12-31T00:00:00Z&to=2026-01-02T00:00:00Z", admin)
            .jsonMap();
    assertThat((List<?>) history.get("items")).isEmpty();
  }

  @Test
  void readingsInTheFutureAreRefused() {
    register("t-4", "room-1", "temperature");
    String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).toString();
    var response = sensors.post("/sensors/data", admin, reading("t-4", tomorrow, 20));
    assertThat(response.status()).isEqualTo(400);
    assertThat(fields(response.jsonMap())).containsExactly("timestamp");
  }

  @Test
  void rolesDecideWhoMayDoWhat() {
    register("t-5", "room-1", "temperature");
    String device = TestTokens.token("gateway-1", tenant, "device");
    String viewer = TestTokens.token("viewer-1", tenant, "viewer");
    assertThat(
            sensors
                .post("/sensors/data", device, reading("t-5", "2026-01-01T00:00:00Z", 20))
                .status())
        .isEqualTo(202);
    assertThat(sensors.get("/sensors/t-5", device).status()).isEqualTo(403);
    assertThat(
            sensors
                .post("/sensors", device, "{\"roomId\":\"r\",\"type\":\"co2\",\"unit\":\"ppm\"}")
                .status())
        .isEqualTo(403);
    assertThat(
            sensors
                .post("/sensors/data", viewer, reading("t-5", "2026-01-01T00:01:00Z", 20))
                .status())
        .isEqualTo(403);
    assertThat(sensors.get("/sensors/t-5/data", viewer).status()).isEqualTo(200);
    assertThat(sensors.violatingContract().get("/sensors/t-5", null).status()).isEqualTo(401);
  }

  @Test
  void historyIsPagedOldestFirstWithinTheWindow() {
    register("t-6", "room-1", "temperature");
    StringBuilder batch = new StringBuilder("{\"readings\":[");
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    for (int i = 0; i < 7; i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append(reading("t-6", t0.plusSeconds(60L * i).toString(), 20 + i));
    }
    sensors.post("/sensors/data", admin, batch.append("]}").toString());
    String window = "from=2026-03-01T00:01:00Z&to=2026-03-01T00:06:00Z";
    List<Object> values = new ArrayList<>();
    String path = "/sensors/t-6/data?limit=2&" + window;
    while (path != null) {
      Map<String, Object> page = sensors.get(path, admin).jsonMap();
      assertThat(page).containsEntry("sensorId", "t-6");
      ((List<Map<String, Object>>) page.get("items")).forEach(r -> values.add(r.get("value")));
      String next = (String) page.get("nextCursor");
      path = next == null ? null : "/sensors/t-6/data?limit=2&" + window + "&cursor=" + next;
    }
    assertThat(values).containsExactly(21.0, 22.0, 23.0, 24.0, 25.0);
    var badWindow =
        sensors.get("/sensors/t-6/data?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", admin);
    assertThat(badWindow.status()).isEqualTo(400);
    assertThat(fields(badWindow.jsonMap())).containsExactly("from");
    assertThat(
            fields(sensors.violatingContract().get("/sensors/t-6/data?to=noon", admin).jsonMap()))
        .containsExactly("to");
  }

  @Test
  @SuppressWarnings("unchecked")
  void orderDescPagesTheLatestReadingsNewestFirst() {
    register("t-7", "room-1", "temperature");
    StringBuilder batch = new StringBuilder("{\"readings\":[");
    Instant t0 = Instant.parse("2026-04-01T00:00:00Z");
    for (int i = 0; i < 5; i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append(reading("t-7", t0.plusSeconds(60L * i).toString(), 20 + i));
    }
    sensors.post("/sensors/data", admin, batch.append("]}").toString());
    String query = "order=desc&limit=2&from=2026-04-01T00:00:00Z&to=2026-04-02T00:00:00Z";
    List<Object> values = new ArrayList<>();
    String path = "/sensors/t-7/data?" + query;
    String ascendingCursor = null;
    while (path != null) {
      Map<String, Object> page = sensors.get(path, admin).jsonMap();
      ((List<Map<String, Object>>) page.get("items")).forEach(r -> values.add(r.get("value")));
      String next = (String) page.get("nextCursor");
      path = next == null ? null : "/sensors/t-7/data?" + query + "&cursor=" + next;
      ascendingCursor = ascendingCursor == null ? next : ascendingCursor;
    }
    assertThat(values).containsExactly(24.0, 23.0, 22.0, 21.0, 20.0);

    var mixed = sensors.get("/sensors/t-7/data?order=asc&cursor=" + ascendingCursor, admin);
    assertThat(mixed.status()).as("a cursor pages in the order it was made for").isEqualTo(400);
    assertThat(fields(mixed.jsonMap())).containsExactly("cursor");
  }

  @Test
  void aSensorsNameIsStoredAndReturned() {
    var created =
        sensors.post(
            "/sensors",
            admin,
            "{\"id\":\"named-1\",\"roomId\":\"room-1\",\"type\":\"co2\",\"unit\":\"ppm\","
                + "\"name\":\"Window CO2\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.text("name")).isEqualTo("Window CO2");
    assertThat(sensors.get("/sensors/named-1", admin).text("name")).isEqualTo("Window CO2");
  }

  private void register(String id, String room, String type) {
    var response =
        sensors.post(
            "/sensors",
            admin,
            "{\"id\":\""
                + id
                + "\",\"roomId\":\""
                + room
                + "\",\"type\":\""
                + type
                + "\",\"unit\":\"u\"}");
    assertThat(response.status()).isEqualTo(201);
  }

  static String reading(String sensorId, String timestamp, double value) {
    return "{\"sensorId\":\""
        + sensorId
        + "\",\"timestamp\":\""
        + timestamp
        + "\",\"value\":"
        + value
        + "}";
  }

  @SuppressWarnings("unchecked")
  private static List<String> fields(Map<String, Object> problem) {
    return ((List<Map<String, Object>>) problem.getOrDefault("errors", List.of()))
        .stream().map(e -> (String) e.get("field")).toList();
  }

  @SuppressWarnings("unchecked")
  private List<String> ids(io.sac4cps.testkit.lambda.ApiResponse response) {
    return ((List<Map<String, Object>>) response.jsonMap().get("items"))
        .stream().map(s -> (String) s.get("id")).toList();
  }
}
