package io.sac4cps.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.localstack.client.PlatformClient;
import io.sac4cps.localstack.client.PlatformClient.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end scenarios, written once against the public HTTP API and run against each target by
 * a subclass. A scenario whose function the target lacks is skipped, naming the function.
 */
abstract class Scenarios {

  /** The target the subclass set up (once per class). */
  protected abstract E2eTarget target();

  private PlatformClient api() {
    return new PlatformClient(target().baseUrl());
  }

  /** A tenant's admin token: from identity (register + login) when it runs, else minted. */
  private String adminOfNewTenant() {
    String unique = UUID.randomUUID().toString().substring(0, 8);
    if (target().has("identity")) {
      String email = "admin-" + unique + "@e2e.sac4cps.test";
      String password = "e2e-Password-" + unique;
      Response registered =
          api()
              .post(
                  "/auth/register",
                  null,
                  Map.of(
                      "email",
                      email,
                      "password",
                      password,
                      "name",
                      "E2E Admin",
                      "organization",
                      "E2E " + unique));
      assertThat(registered.status()).as("register: %s", registered).isEqualTo(201);
      Response login =
          api().post("/auth/login", null, Map.of("email", email, "password", password));
      assertThat(login.status()).as("login: %s", login).isEqualTo(200);
      return login.json().path("accessToken").asText();
    }
    E2eTarget.TokenMinter minter =
        target()
            .tokenMinter()
            .orElseThrow(
                () -> new org.opentest4j.TestAbortedException("identity is not deployed here"));
    return minter.mint("e2e-admin-" + unique, "e2e-tenant-" + unique, List.of("admin"));
  }

  private void assumeFunction(String function) {
    assumeTrue(
        target().has(function),
        "function '"
            + function
            + "' is not built/deployed on this target (functions/"
            + function
            + " missing)");
  }

  @Test
  void healthIsUpWithoutToken() {
    Response health = api().get("/health", null);
    assertThat(health.status()).as("%s", health).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("UP");
  }

  @Test
  void unknownRoutesAreRefused() {
    Response response = api().get("/no-such-route-" + UUID.randomUUID(), null);
    assertThat(response.status()).isIn(target().unknownRouteStatuses());
  }

  @Test
  void securedRoutesNeedAToken() {
    assumeFunction("sensors");
    assertThat(api().get("/sensors", null).status()).isEqualTo(401);
    assertThat(api().get("/sensors", "not-a-token").status()).isEqualTo(401);
  }

  @Test
  void sensorsIngestReadingsWithDuplicatesAndBadOnesAndPageTheHistory() {
    assumeFunction("sensors");
    String token = adminOfNewTenant();
    Response created =
        api()
            .post(
                "/sensors",
                token,
                Map.of("roomId", "room-e2e", "type", "temperature", "unit", "Cel"));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String sensorId = created.json().path("id").asText();
    assertThat(sensorId).isNotBlank();

    Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    List<Map<String, Object>> readings = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      readings.add(reading(sensorId, start.plusSeconds(60L * i), 20.0 + i / 10.0));
    }
    Response first = api().post("/sensors/data", token, Map.of("readings", readings));
    assertThat(first.status()).as("%s", first).isEqualTo(202);
    assertThat(first.json().path("accepted").asInt()).isEqualTo(25);
    assertThat(first.json().path("duplicates").asInt()).isZero();

    // Five repeats, two new readings and one implausible value in one batch.
    List<Map<String, Object>> mixed = new ArrayList<>(readings.subList(0, 5));
    mixed.add(reading(sensorId, start.plusSeconds(60L * 25), 23.0));
    mixed.add(reading(sensorId, start.plusSeconds(60L * 26), 23.1));
    mixed.add(reading(sensorId, start.plusSeconds(60L * 27), 999.0));
    Response second = api().post("/sensors/data", token, Map.of("readings", mixed));
    assertThat(second.status()).as("%s", second).isEqualTo(202);
    assertThat(second.json().path("accepted").asInt()).isEqualTo(2);
    assertThat(second.json().path("duplicates").asInt()).isEqualTo(5);
    assertThat(second.json().path("rejected")).hasSize(1);

    // Only bad readings: nothing stored, 400 naming the fields.
    Response bad =
        api()
            .post(
                "/sensors/data",
                token,
                Map.of("sensorId", sensorId, "timestamp", "yesterday", "value", 1));
    assertThat(bad.status()).as("%s", bad).isEqualTo(400);
    assertThat(bad.header("Content-Type")).startsWith("application/problem+json");

    List<Double> values = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Response page =
          api()
              .get(
                  "/sensors/"
                      + sensorId
                      + "/data?limit=10"
                      + (cursor == null ? "" : "&cursor=" + cursor),
                  token);
      assertThat(page.status()).as("%s", page).isEqualTo(200);
      page.json().path("items").forEach(item -> values.add(item.path("value").asDouble()));
      JsonNode next = page.json().path("nextCursor");
      cursor = next.isNull() || next.isMissingNode() ? null : next.asText();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(values).hasSize(27);
    assertThat(pages).isEqualTo(3);
    assertThat(values.get(0)).isEqualTo(20.0);
    assertThat(values.get(26)).isEqualTo(23.1);
  }

  @Test
  void oneTenantNeverSeesAnothersSensors() {
    assumeFunction("sensors");
    String tenantA = adminOfNewTenant();
    String tenantB = adminOfNewTenant();
    Response created =
        api().post("/sensors", tenantA, Map.of("roomId", "room-a", "type", "co2", "unit", "ppm"));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String sensorId = created.json().path("id").asText();

    assertThat(api().get("/sensors/" + sensorId, tenantA).status()).isEqualTo(200);
    assertThat(api().get("/sensors/" + sensorId, tenantB).status()).isEqualTo(404);
    assertThat(api().get("/sensors/" + sensorId + "/data", tenantB).status()).isEqualTo(404);
    Response listed = api().get("/sensors", tenantB);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json().path("items")).isEmpty();
    Response foreignWrite =
        api()
            .post(
                "/sensors/data",
                tenantB,
                Map.of(
                    "sensorId",
                    sensorId,
                    "timestamp",
                    Instant.now().minusSeconds(5).toString(),
                    "value",
                    500));
    assertThat(foreignWrite.status()).isEqualTo(400);
    assertThat(api().get("/sensors/" + sensorId + "/data", tenantA).json().path("items")).isEmpty();
  }

  @Test
  void identityRegistersAnOrganisationAndItsTokenWorks() {
    assumeFunction("identity");
    String token = adminOfNewTenant();
    Response me = api().get("/users/me", token);
    assertThat(me.status()).as("%s", me).isEqualTo(200);
    assertThat(me.json().path("roles").toString()).contains("admin");
  }

  @Test
  void roomMetricsFollowReadingsAndAlertsAreRaisedAndResolved() {
    assumeFunction("rooms");
    assumeFunction("sensors");
    String token = adminOfNewTenant();
    Response room =
        api()
            .post(
                "/rooms",
                token,
                Map.of(
                    "name", "E2E room", "building", "HQ", "floor", 1, "areaM2", 30, "capacity", 8));
    assertThat(room.status()).as("%s", room).isEqualTo(201);
    String roomId = room.json().path("id").asText();
    assertThat(
            api()
                .put("/rooms/" + roomId + "/thresholds", token, Map.of("co2", Map.of("max", 1000)))
                .status())
        .isEqualTo(200);
    Response sensor =
        api().post("/sensors", token, Map.of("roomId", roomId, "type", "co2", "unit", "ppm"));
    String sensorId = sensor.json().path("id").asText();

    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    api().post("/sensors/data", token, reading(sensorId, now.minusSeconds(20), 1500));
    JsonNode raised = awaitMetrics(roomId, token, m -> m.path("activeAlerts").size() == 1);
    assertThat(raised.path("metrics").path("co2").path("value").asDouble()).isEqualTo(1500);

    api().post("/sensors/data", token, reading(sensorId, now.minusSeconds(10), 600));
    JsonNode resolved = awaitMetrics(roomId, token, m -> m.path("activeAlerts").isEmpty());
    assertThat(resolved.path("metrics").path("co2").path("value").asDouble()).isEqualTo(600);
  }

  private JsonNode awaitMetrics(
      String roomId, String token, java.util.function.Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Response metrics = api().get("/rooms/" + roomId + "/metrics", token);
      last = metrics.json();
      if (metrics.status() == 200 && condition.test(last)) {
        return last;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("room metrics never reached the expected state; last: " + last);
  }

  private static Map<String, Object> reading(String sensorId, Instant at, double value) {
    return Map.of("sensorId", sensorId, "timestamp", at.toString(), "value", value);
  }
}
