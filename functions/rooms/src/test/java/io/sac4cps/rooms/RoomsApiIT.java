package io.sac4cps.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.sac4cps.rooms.RoomsApiClient.Response;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.security.TestTokens;
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
  private static ApplicationContext context;
  private static RoomsApiClient api;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    Map<String, Object> properties = new HashMap<>(infrastructure.properties());
    properties.putAll(TestTokens.configuration());
    properties.put("sac4cps.sns.create-topics", true);
    context = ApplicationContext.run(properties);
    api = new RoomsApiClient(context);
  }

  @AfterAll
  static void stop() {
    api.close();
    context.close();
  }

  private static String tenant() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void createsARoomAndReadsItBack() {
    String tenant = tenant();

    Response created =
        api.createRoom(
            tenant,
            "{\"name\":\"Board room\",\"building\":\"HQ\",\"floor\":3,\"areaM2\":42.5,\"capacity\":12}");

    assertThat(created.status()).isEqualTo(201);
    String id = created.body().get("id").asText();
    assertThat(created.headers()).containsEntry("Location", "/rooms/" + id);
    assertThat(created.body().get("name").asText()).isEqualTo("Board room");
    assertThat(created.body().get("areaM2").asDouble()).isEqualTo(42.5);

    Response read =
        api.send(
            ApiGatewayEvents.request("GET", "/rooms/{id}")
                .pathParameter("id", id)
                .bearer(RoomsApiClient.token(tenant, "viewer")));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).isEqualTo(created.body());
  }

  @Test
  void listsRoomsPageByPageFilteredByBuildingAndFloor() {
    String tenant = tenant();
    String a1 = api.newRoom(tenant, "A", 1);
    String a2 = api.newRoom(tenant, "A", 1);
    api.newRoom(tenant, "A", 2);
    api.newRoom(tenant, "B", 1);
    String viewer = RoomsApiClient.token(tenant, "viewer");

    Response first =
        api.send(
            ApiGatewayEvents.request("GET", "/rooms")
                .query("building", "A")
                .query("floor", "1")
                .query("limit", "1")
                .bearer(viewer));
    Response second =
        api.send(
            ApiGatewayEvents.request("GET", "/rooms")
                .query("building", "A")
                .query("floor", "1")
                .query("limit", "1")
                .query("cursor", first.body().get("nextCursor").asText())
                .bearer(viewer));

    List<String> ids = List.of(a1, a2).stream().sorted().toList();
    assertThat(first.body().get("items").get(0).get("id").asText()).isEqualTo(ids.get(0));
    assertThat(second.body().get("items").get(0).get("id").asText()).isEqualTo(ids.get(1));
    assertThat(second.body().get("nextCursor").isNull()).isTrue();
    Response all = api.send(ApiGatewayEvents.request("GET", "/rooms").bearer(viewer));
    assertThat(all.body().get("items")).hasSize(4);
  }

  @Test
  void anotherTenantsRoomDoesNotExistForTheCaller() {
    String owner = tenant();
    String stranger = tenant();
    String id = api.newRoom(owner, "HQ", 1);

    assertThat(
            api.send(
                    ApiGatewayEvents.request("GET", "/rooms/{id}")
                        .pathParameter("id", id)
                        .bearer(RoomsApiClient.token(stranger, "admin")))
                .status())
        .isEqualTo(404);
    assertThat(api.metrics(stranger, id).status()).isEqualTo(404);
    assertThat(api.history(stranger, id, Map.of("metric", "co2")).status()).isEqualTo(404);
    assertThat(api.putThresholds(stranger, id, "{\"co2\":{\"max\":1000}}").status()).isEqualTo(404);
    Response list =
        api.send(
            ApiGatewayEvents.request("GET", "/rooms")
                .bearer(RoomsApiClient.token(stranger, "admin")));
    assertThat(list.body().get("items")).isEmpty();
    assertThat(api.metrics(owner, id).status()).isEqualTo(200);
  }

  @Test
  void rolesAreThoseOfTheContract() {
    String tenant = tenant();
    String id = api.newRoom(tenant, "HQ", 1);
    String body = "{\"name\":\"R\",\"building\":\"HQ\",\"floor\":1}";

    assertThat(
            api.send(
                    ApiGatewayEvents.request("POST", "/rooms")
                        .json(body)
                        .bearer(RoomsApiClient.token(tenant, "viewer")))
                .status())
        .isEqualTo(403);
    assertThat(
            api.send(
                    ApiGatewayEvents.request("GET", "/rooms/{id}/metrics")
                        .pathParameter("id", id)
                        .bearer(RoomsApiClient.token(tenant, "device")))
                .status())
        .isEqualTo(403);
    assertThat(
            api.send(
                    ApiGatewayEvents.request("PUT", "/rooms/{id}/thresholds")
                        .pathParameter("id", id)
                        .json("{}")
                        .bearer(RoomsApiClient.token(tenant, "viewer")))
                .status())
        .isEqualTo(403);
    assertThat(api.send(ApiGatewayEvents.request("GET", "/rooms")).status()).isEqualTo(401);
    assertThat(
            api.send(
                    ApiGatewayEvents.request("POST", "/rooms")
                        .json(body)
                        .bearer(RoomsApiClient.token(tenant, "operator")))
                .status())
        .isEqualTo(201);
  }

  @Test
  void invalidRequestsNameTheFieldAtFault() {
    String tenant = tenant();
    String id = api.newRoom(tenant, "HQ", 1);

    Response noFloor = api.createRoom(tenant, "{\"name\":\"R\",\"building\":\"HQ\"}");
    Response noName = api.createRoom(tenant, "{\"building\":\"HQ\",\"floor\":400}");
    Response badThresholds =
        api.putThresholds(
            tenant, id, "{\"co2\":{\"max\":\"high\"},\"temperature\":{\"min\":30,\"max\":20}}");
    Response badHistory =
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
    Response badMetric = api.history(tenant, id, Map.of("metric", "pressure"));

    assertThat(noFloor.status()).isEqualTo(400);
    assertThat(fields(noFloor)).as(noFloor.body().toString()).containsExactly("floor");
    assertThat(fields(noName))
        .as(noName.body().toString())
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

    Response put =
        api.putThresholds(
            tenant, id, "{\"temperature\":{\"min\":18,\"max\":26},\"co2\":{\"max\":1000}}");

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.body().get("roomId").asText()).isEqualTo(id);
    assertThat(put.body().at("/thresholds/co2/max").asDouble()).isEqualTo(1000);
    assertThat(put.body().at("/thresholds/co2").has("min")).isFalse();
    Response room =
        api.send(
            ApiGatewayEvents.request("GET", "/rooms/{id}")
                .pathParameter("id", id)
                .bearer(RoomsApiClient.token(tenant, "viewer")));
    assertThat(room.body().at("/thresholds/temperature/min").asDouble()).isEqualTo(18);

    Response cleared = api.putThresholds(tenant, id, "{}");
    assertThat(cleared.body().get("thresholds")).isEmpty();
  }

  @Test
  void aRoomWithoutReadingsHasNoMetricsAlertsOrComfortYet() {
    String tenant = tenant();
    String id = api.newRoom(tenant, "HQ", 1);

    Response metrics = api.metrics(tenant, id);

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body().get("metrics")).isEmpty();
    assertThat(metrics.body().get("activeAlerts")).isEmpty();
    assertThat(metrics.body().at("/comfort/share").isNull()).isTrue();
    assertThat(metrics.body().at("/comfort/minutes").asLong()).isZero();
    assertThat(api.history(tenant, id, Map.of("metric", "co2")).body().get("points")).isEmpty();
  }

  private static List<String> fields(Response problem) {
    assertThat(problem.status()).isEqualTo(400);
    return problem.body().findValuesAsText("field");
  }
}
