package io.sac4cps.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.ApiResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rooms HTTP API on real PostgreSQL; every response is checked against the contract. */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class RoomsApiIT {
  private static ApiFunction rooms;
  private static RoomCalls api;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    Map<String, Object> properties = new HashMap<>(infrastructure.properties());
    properties.put("sac4cps.sns.create-topics", true);
    rooms = ApiFunction.builder("rooms").properties(properties).start();
    api = new RoomCalls(rooms);
  }

  @AfterAll
  static void stop() {
    rooms.close();
  }

  private static String tenant() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void createsARoomAndReadsItBack() {
    String tenant = tenant();

    ApiResponse created =
        api.createRoom(
            tenant,
            "{\"name\":\"Board room\",\"building\":\"HQ\",\"floor\":3,\"areaM2\":42.5,\"capacity\":12}");

    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(created.headers()).containsEntry("Location", "/rooms/" + id);
    assertThat(created.json().get("name").asText()).isEqualTo("Board room");
    assertThat(created.json().get("areaM2").asDouble()).isEqualTo(42.5);

    ApiResponse read =
        rooms.send(
            ApiGatewayEvents.request("GET", "/rooms/{id}")
                .pathParameter("id", id)
                .bearer(RoomCalls.token(tenant, "viewer")));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(created.json());
  }

  @Test
  void listsRoomsPageByPageFilteredByBuildingAndFloor() {
    String tenant = tenant();
    String a1 = api.newRoom(tenant, "A", 1);
    String a2 = api.newRoom(tenant, "A", 1);
    api.newRoom(tenant, "A", 2);
    api.newRoom(tenant, "B", 1);
    String viewer = RoomCalls.token(tenant, "viewer");

    ApiResponse first =
        rooms.send(
            ApiGatewayEvents.request("GET", "/rooms")
                .query("building", "A")
                .query("floor", "1")
                .query("limit", "1")
                .bearer(viewer));
    ApiResponse second =
        rooms.send(
            ApiGatewayEvents.request("GET", "/rooms")
                .query("building", "A")
                .query("floor", "1")
                .query("limit", "1")
                .query("cursor", first.json().get("nextCursor").asText())
                .bearer(viewer));

    List<String> ids = List.of(a1, a2).stream().sorted().toList();
    assertThat(first.json().get("items").get(0).get("id").asText()).isEqualTo(ids.get(0));
    assertThat(second.json().get("items").get(0).get("id").asText()).isEqualTo(ids.get(1));
    assertThat(second.json().get("nextCursor").isNull()).isTrue();
    ApiResponse all = rooms.send(ApiGatewayEvents.request("GET", "/rooms").bearer(viewer));
    assertThat(all.json().get("items")).hasSize(4);
  }

  @Test
  void anotherTenantsRoomDoesNotExistForTheCaller() {
    String owner = tenant();
    String stranger = tenant();
    String id = api.newRoom(owner, "HQ", 1);

    assertThat(
            rooms
                .send(
                    ApiGatewayEvents.request("GET", "/rooms/{id}")
                        .pathParameter("id", id)
                        .bearer(RoomCalls.token(stranger, "admin")))
                .status())
        .isEqualTo(404);
    assertThat(api.metrics(stranger, id).status()).isEqualTo(404);
    assertThat(api.history(stranger, id, Map.of("metric", "co2")).status()).isEqualTo(404);
    assertThat(api.putThresholds(stranger, id, "{\"co2\":{\"max\":1000}}").status()).isEqualTo(404);
    ApiResponse list =
        rooms.send(
            ApiGatewayEvents.request("GET", "/rooms").bearer(RoomCalls.token(stranger, "admin")));
    assertThat(list.json().get("items")).isEmpty();
    assertThat(api.metrics(owner, id).status()).isEqualTo(200);
  }

  @Test
  void rolesAreThoseOfTheContract() {
    String tenant = tenant();
    String id = api.newRoom(tenant, "HQ", 1);
    String body = "{\"name\":\"R\",\"building\":\"HQ\",\"floor\":1}";

    assertThat(
            rooms
                .send(
                    ApiGatewayEvents.request("POST", "/rooms")
                        .json(body)
                        .bearer(RoomCalls.token(tenant, "viewer")))
                .status())
        .isEqualTo(403);
    assertThat(
            rooms
                .send(
                    ApiGatewayEvents.request("GET", "/rooms/{id}/metrics")
                        .pathParameter("id", id)
                        .bearer(RoomCalls.token(tenant, "device")))
                .status())
        .isEqualTo(403);
    assertThat(
            rooms
                .send(
                    ApiGatewayEvents.request("PUT", "/rooms/{id}/thresholds")
                        .pathParameter("id", id)
                        .json("{}")
                        .bearer(RoomCalls.token(tenant, "viewer")))
                .status())
        .isEqualTo(403);
    assertThat(rooms.violatingContract().send(ApiGatewayEvents.request("GET", "/rooms")).status())
        .isEqualTo(401);
    assertThat(
            rooms
                .send(
                    ApiGatewayEvents.request("POST", "/rooms")
                        .json(body)
                        .bearer(RoomCalls.token(tenant, "operator")))
                .status())
        .isEqualTo(201);
  }

  @Test
  void invalidRequestsNameTheFieldAtFault() {
    String tenant = tenant();
    String id = api.newRoom(tenant, "HQ", 1);

    ApiResponse noFloor =
        api.violatingContract().createRoom(tenant, "{\"name\":\"R\",\"building\":\"HQ\"}");
    ApiResponse noName =
        api.violatingContract().createRoom(tenant, "{\"building\":\"HQ\",\"floor\":400}");
    ApiResponse badThresholds =
        api.violatingContract()
            .putThresholds(
                tenant, id, "{\"co2\":{\"max\":\"high\"},\"temperature\":{\"min\":30,\"max\":20}}");
    ApiResponse badHistory =
        api.history(
            tenant,
            id,
            Map.of(
                "metric",
                "co2",
                "from",
                "2025-03-01T00:00:00Z",
                "to",
                "2025-03-02T00:00:00Z",
                "interval",
                "1m"));
    ApiResponse badMetric =
        api.violatingContract().history(tenant, id, Map.of("metric", "pressure"));

    assertThat(noFloor.status()).isEqualTo(400);
    assertThat(fields(noFloor)).as(noFloor.json().toString()).containsExactly("floor");
    assertThat(fields(noName))
        .as(noName.json().toString())
        .containsExactlyInAnyOrder("name", "floor");
    assertThat(fields(badThresholds)).containsExactlyInAnyOrder("co2.max", "temperature.min");
    assertThat(fields(badHistory)).containsExactly("interval");
    assertThat(badMetric.status()).isEqualTo(400);
    assertThat(fields(badMetric)).containsExactly("metric");
  }

  @Test
  void thresholdsAreReplacedAndShownOnTheRoom() {
    String tenant = tenant();
    String id = api.newRoom(tenant, "HQ", 1);

    ApiResponse put =
        api.putThresholds(
            tenant, id, "{\"temperature\":{\"min\":18,\"max\":26},\"co2\":{\"max\":1000}}");

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().get("roomId").asText()).isEqualTo(id);
    assertThat(put.json().at("/thresholds/co2/max").asDouble()).isEqualTo(1000);
    assertThat(put.json().at("/thresholds/co2").has("min")).isFalse();
    ApiResponse room =
        rooms.send(
            ApiGatewayEvents.request("GET", "/rooms/{id}")
                .pathParameter("id", id)
                .bearer(RoomCalls.token(tenant, "viewer")));
    assertThat(room.json().at("/thresholds/temperature/min").asDouble()).isEqualTo(18);

    ApiResponse cleared = api.putThresholds(tenant, id, "{}");
    assertThat(cleared.json().get("thresholds")).isEmpty();
  }

  @Test
  void aRoomWithoutReadingsHasNoMetricsAlertsOrComfortYet() {
    String tenant = tenant();
    String id = api.newRoom(tenant, "HQ", 1);

    ApiResponse metrics = api.metrics(tenant, id);

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.json().get("metrics")).isEmpty();
    assertThat(metrics.json().get("activeAlerts")).isEmpty();
    assertThat(metrics.json().at("/comfort/share").isNull()).isTrue();
    assertThat(metrics.json().at("/comfort/minutes").asLong()).isZero();
    assertThat(api.history(tenant, id, Map.of("metric", "co2")).json().get("points")).isEmpty();
  }

  private static List<String> fields(ApiResponse problem) {
    assertThat(problem.status()).isEqualTo(400);
    return problem.json().findValuesAsText("field");
  }
}
