package io.sac4cps.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.localstack.client.PlatformClient;
import io.sac4cps.localstack.client.PlatformClient.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

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

  /** A user of the platform and the access token identity gave them at login. */
  private record Account(String email, String password, String tenantId, String token) {}

  /** A tenant's admin token: from identity (register + login) when it runs, else minted. */
  private String adminOfNewTenant() {
    if (target().has("identity")) {
      return registerOrganisation().token();
    }
    String unique = unique();
    E2eTarget.TokenMinter minter =
        target()
            .tokenMinter()
            .orElseThrow(
                () -> new org.opentest4j.TestAbortedException("identity is not deployed here"));
    return minter.mint("e2e-admin-" + unique, "e2e-tenant-" + unique, List.of("admin"));
  }

  /** A new organisation through identity: its first user is its admin, logged in. */
  private Account registerOrganisation() {
    String unique = unique();
    Map<String, Object> body =
        Map.of(
            "email",
            "admin-" + unique + "@e2e.sac4cps.test",
            "password",
            "e2e-Password-" + unique,
            "name",
            "E2E Admin",
            "organization",
            "E2E " + unique);
    return register(body, null);
  }

  /** Registers (with an admin's token: into the admin's tenant) and logs in. */
  private Account register(Map<String, Object> body, String adminToken) {
    Response registered = api().post("/auth/register", adminToken, body);
    assertThat(registered.status()).as("register: %s", registered).isEqualTo(201);
    String email = (String) body.get("email");
    String password = (String) body.get("password");
    Response login = api().post("/auth/login", null, Map.of("email", email, "password", password));
    assertThat(login.status()).as("login: %s", login).isEqualTo(200);
    assertThat(login.json().path("tokenType").asText()).isEqualTo("Bearer");
    assertThat(login.json().path("expiresIn").asInt()).isPositive();
    assertThat(login.json().path("refreshToken").asText()).isNotBlank();
    return new Account(
        email,
        password,
        registered.json().path("tenantId").asText(),
        login.json().path("accessToken").asText());
  }

  /**
   * A new room of the token's organisation, for its sensors: sensors learns of it from rooms'
   * room.changed.v1 within seconds, and POST /sensors waits that long for it (decision 0039).
   */
  private String roomOf(String token) {
    assumeFunction("rooms");
    return room(
        token,
        Map.of(
            "name",
            "E2E sensors' room",
            "building",
            "HQ",
            "floor",
            0,
            "areaM2",
            12,
            "capacity",
            4));
  }

  /** Creates a room of the token's organisation and returns its id. */
  private String room(String token, Map<String, Object> fields) {
    Response room = api().post("/rooms", token, fields);
    assertThat(room.status()).as("%s", room).isEqualTo(201);
    return room.json().path("id").asText();
  }

  private static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
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
    String roomId = roomOf(token);
    Response created =
        api()
            .post(
                "/sensors", token, Map.of("roomId", roomId, "type", "temperature", "unit", "Cel"));
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
    String roomA = roomOf(tenantA);
    Response created =
        api().post("/sensors", tenantA, Map.of("roomId", roomA, "type", "co2", "unit", "ppm"));
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
  void identityRegistersAnOrganisationAndItsTokensWorkOnTheOtherFunctions() {
    assumeFunction("identity");
    assumeFunction("sensors");
    Account admin = registerOrganisation();
    assertThat(admin.tenantId()).isNotBlank();

    Response me = api().get("/users/me", admin.token());
    assertThat(me.status()).as("%s", me).isEqualTo(200);
    assertThat(me.json().path("email").asText()).isEqualTo(admin.email());
    assertThat(me.json().path("tenantId").asText()).isEqualTo(admin.tenantId());
    assertThat(me.json().path("roles").toString()).contains("admin");

    // The admin adds a viewer to the organisation; the viewer reads but may not write.
    String unique = unique();
    Account viewer =
        register(
            Map.of(
                "email",
                "viewer-" + unique + "@e2e.sac4cps.test",
                "password",
                "e2e-Password-" + unique,
                "name",
                "E2E Viewer",
                "roles",
                List.of("viewer")),
            admin.token());
    assertThat(viewer.tenantId()).isEqualTo(admin.tenantId());
    Response viewerMe = api().get("/users/me", viewer.token());
    assertThat(viewerMe.json().path("roles").toString()).contains("viewer").doesNotContain("admin");

    String roomId = roomOf(admin.token());
    Response created =
        api()
            .post(
                "/sensors",
                admin.token(),
                Map.of("roomId", roomId, "type", "humidity", "unit", "%"));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String sensorId = created.json().path("id").asText();
    Response seen = api().get("/sensors/" + sensorId, viewer.token());
    assertThat(seen.status()).as("the viewer reads its tenant's sensor: %s", seen).isEqualTo(200);
    Response refused =
        api()
            .post(
                "/sensors",
                viewer.token(),
                Map.of("roomId", roomId, "type", "humidity", "unit", "%"));
    assertThat(refused.status()).as("x-roles of POST /sensors: %s", refused).isEqualTo(403);

    // Another organisation's admin does not see it; a forged token is refused.
    Account stranger = registerOrganisation();
    assertThat(stranger.tenantId()).isNotEqualTo(admin.tenantId());
    assertThat(api().get("/sensors/" + sensorId, stranger.token()).status()).isEqualTo(404);
    String forged = admin.token().substring(0, admin.token().lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
    assertThat(api().get("/sensors", forged).status()).isEqualTo(401);
  }

  @Test
  void roomMetricsFollowReadingsAndAlertsAreRaisedAndResolved() {
    assumeFunction("rooms");
    assumeFunction("sensors");
    String token = adminOfNewTenant();
    String roomId =
        room(
            token,
            Map.of("name", "E2E room", "building", "HQ", "floor", 1, "areaM2", 30, "capacity", 8));
    Response thresholds =
        api().put("/rooms/" + roomId + "/thresholds", token, Map.of("co2", Map.of("max", 1000)));
    assertThat(thresholds.status()).as("%s", thresholds).isEqualTo(200);
    // A second room through the same route and token: a cached authorizer decision must cover it.
    String otherRoom =
        room(
            token,
            Map.of(
                "name", "E2E room 2", "building", "HQ", "floor", 2, "areaM2", 20, "capacity", 4));
    Response otherThresholds =
        api().put("/rooms/" + otherRoom + "/thresholds", token, Map.of("co2", Map.of("max", 900)));
    assertThat(otherThresholds.status()).as("%s", otherThresholds).isEqualTo(200);
    Response listed = api().get("/rooms", token);
    assertThat(listed.status()).as("%s", listed).isEqualTo(200);
    assertThat(listed.json().path("items").findValuesAsText("id")).contains(roomId);
    Response sensor =
        api().post("/sensors", token, Map.of("roomId", roomId, "type", "co2", "unit", "ppm"));
    assertThat(sensor.status()).as("%s", sensor).isEqualTo(201);
    String sensorId = sensor.json().path("id").asText();

    // rooms debounces alerts: raised after 2 readings beyond the limit, resolved after 3 clearly
    // inside it (functions/rooms application.yml, rooms.alerts).
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    postReadings(token, sensorId, now.minusSeconds(60), 1400, 1500);
    JsonNode raised = awaitMetrics(roomId, token, m -> m.path("activeAlerts").size() == 1);
    assertThat(raised.path("metrics").path("co2").path("value").asDouble()).isEqualTo(1500);
    JsonNode alert = raised.path("activeAlerts").get(0);
    assertThat(alert.path("metric").asText()).isEqualTo("co2");
    assertThat(alert.path("value").asDouble()).isGreaterThan(1000);
    assertThat(alert.path("threshold").path("max").asDouble()).isEqualTo(1000);
    assertThat(alert.path("raisedAt").asText()).isNotBlank();

    postReadings(token, sensorId, now.minusSeconds(30), 650, 620, 600);
    JsonNode resolved = awaitMetrics(roomId, token, m -> m.path("activeAlerts").isEmpty());
    assertThat(resolved.path("metrics").path("co2").path("value").asDouble()).isEqualTo(600);

    String otherTenant = adminOfNewTenant();
    assertThat(api().get("/rooms/" + roomId + "/metrics", otherTenant).status()).isEqualTo(404);
  }

  @Test
  void analyticsSummaryAndTrendReflectReadingsRoomsAndAlerts() {
    assumeFunction("rooms");
    assumeFunction("sensors");
    assumeFunction("analytics");
    String token = adminOfNewTenant();
    String building = "E2E " + unique();
    String roomId =
        room(
            token,
            Map.of(
                "name",
                "E2E office",
                "building",
                building,
                "floor",
                1,
                "areaM2",
                25,
                "capacity",
                5));
    assertThat(
            api()
                .put("/rooms/" + roomId + "/thresholds", token, Map.of("co2", Map.of("max", 1000)))
                .status())
        .isEqualTo(200);
    String energy = sensor(token, roomId, "energy", "kWh");
    String co2 = sensor(token, roomId, "co2", "ppm");

    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    postReadings(token, energy, now.minusSeconds(120), 1.5, 2.5);
    // Two readings above the limit: rooms raises an alert, which analytics counts from SNS alerts.
    postReadings(token, co2, now.minusSeconds(60), 1400, 1500);

    String summaryPath = "/analytics/summary?building=" + encode(building);
    JsonNode summary =
        await(
            summaryPath,
            token,
            s ->
                s.path("energy").path("totalKwh").path("value").asDouble() == 4.0
                    && s.path("alerts").path("raised").path("value").asDouble() == 1.0);
    JsonNode roomSummary = summary.path("rooms").get(0);
    assertThat(roomSummary.path("roomId").asText()).isEqualTo(roomId);
    assertThat(roomSummary.path("areaM2").asDouble())
        .as("room.changed.v1 reached analytics")
        .isEqualTo(25);
    assertThat(roomSummary.path("kwhPerM2").asDouble()).isEqualTo(4.0 / 25);
    assertThat(summary.path("alerts").path("active").path("value").asDouble()).isEqualTo(1);

    JsonNode trend =
        await(
            "/analytics/trends?metric=energy&interval=1d&agg=sum,count&building="
                + encode(building),
            token,
            t -> {
              double sum = 0;
              for (JsonNode point : t.path("points")) {
                sum += point.path("sum").asDouble(0);
              }
              return sum == 4.0;
            });
    assertThat(trend.path("points").findValues("count").stream().mapToLong(JsonNode::asLong).sum())
        .isEqualTo(2);
    assertThat(api().get(summaryPath, adminOfNewTenant()).status())
        .as("another tenant does not have the building")
        .isEqualTo(404);
  }

  @Test
  void aReportRunsAsATaskAndItsCsvAndPdfDownloadWithTheSummarysEnergy() throws Exception {
    assumeFunction("rooms");
    assumeFunction("sensors");
    assumeFunction("analytics");
    assumeFunction("tasks");
    String token = adminOfNewTenant();
    String building = "E2E reports " + unique();
    String roomId =
        room(
            token,
            Map.of(
                "name", "E2E lab", "building", building, "floor", 2, "areaM2", 20, "capacity", 4));
    String energy = sensor(token, roomId, "energy", "kWh");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    postReadings(token, energy, now.minusSeconds(120), 1.25, 0.75);
    String from = now.truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.DAYS).toString();
    String to = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS).toString();
    await(
        "/analytics/summary?building=" + encode(building) + "&from=" + from + "&to=" + to,
        token,
        s -> s.path("energy").path("totalKwh").path("value").asDouble() == 2.0);

    Map<String, String> csv =
        Map.of("kind", "energy", "building", building, "from", from, "to", to, "format", "csv");
    Response created = api().post("/analytics/reports", token, csv);
    assertThat(created.status()).as("%s", created).isEqualTo(202);
    String location = created.header("Location");
    JsonNode report = awaitTask(location, token);
    assertThat(report.path("status").asText()).as("%s", report).isEqualTo("succeeded");
    double kwh = 0;
    for (String line :
        download(report.path("downloadUrl").asText()).body().lines().skip(1).toList()) {
      String[] cells = line.split(",", -1);
      kwh += cells[5].isEmpty() ? 0 : Double.parseDouble(cells[5]);
    }
    assertThat(kwh).as("the CSV's energy sums to the summary's").isEqualTo(2.0);
    // The same task is tasks' too, once tasks has the owner's first report.
    JsonNode task =
        await(
            "/tasks/" + report.path("id").asText(),
            token,
            t -> t.path("status").asText().equals("succeeded"));
    assertThat(task.path("kind").asText()).isEqualTo("analytics-report");
    assertThat(task.path("status").asText()).isEqualTo("succeeded");

    Response pdf =
        api()
            .post(
                "/analytics/reports",
                token,
                Map.of("kind", "building-summary", "building", building, "from", from, "to", to));
    assertThat(pdf.status()).as("%s", pdf).isEqualTo(202);
    JsonNode pdfReport = awaitTask(pdf.header("Location"), token);
    assertThat(pdfReport.path("status").asText()).as("%s", pdfReport).isEqualTo("succeeded");
    assertThat(download(pdfReport.path("downloadUrl").asText()).body()).startsWith("%PDF-");
    assertThat(api().get(location, adminOfNewTenant()).status())
        .as("another tenant does not see the report")
        .isEqualTo(404);
  }

  /** A new room on floor 1 of HQ whose CO2 limit is 1000 ppm: two readings above raise an alert. */
  private String co2RoomWithLimit1000(String token, String name) {
    String roomId = room(token, Map.of("name", name, "building", "HQ", "floor", 1));
    Response thresholds =
        api().put("/rooms/" + roomId + "/thresholds", token, Map.of("co2", Map.of("max", 1000)));
    assertThat(thresholds.status()).as("%s", thresholds).isEqualTo(200);
    return roomId;
  }

  private URI webSocketUrl() {
    return target()
        .webSocketUrl()
        .orElseThrow(
            () -> new org.opentest4j.TestAbortedException("no WebSocket API URL on this target"));
  }

  private String sensor(String token, String roomId, String type, String unit) {
    Response sensor =
        api().post("/sensors", token, Map.of("roomId", roomId, "type", type, "unit", unit));
    assertThat(sensor.status()).as("%s", sensor).isEqualTo(201);
    return sensor.json().path("id").asText();
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /** GETs {@code path} until it answers 200 with what {@code condition} expects. */
  private JsonNode await(
      String path, String token, java.util.function.Predicate<JsonNode> condition) {
    return poll(() -> api().get(path, token), condition, Duration.ofSeconds(60), path);
  }

  @Test
  void tasksAreRoutedAndScopedToTheCallersTenant() {
    assumeFunction("tasks");
    String token = adminOfNewTenant();

    Response listed = api().get("/tasks", token);
    Response unknown = api().get("/tasks/task-" + UUID.randomUUID(), token);
    Response cancelUnknown = api().put("/tasks/task-" + UUID.randomUUID() + "/cancel", token, null);

    assertThat(listed.status()).as("%s", listed).isEqualTo(200);
    assertThat(listed.json().path("items").isArray()).isTrue();
    assertThat(listed.json().path("items")).isEmpty();
    assertThat(unknown.status()).as("%s", unknown).isEqualTo(404);
    assertThat(cancelUnknown.status()).as("%s", cancelUnknown).isEqualTo(404);
    assertThat(api().get("/tasks", null).status()).isEqualTo(401);
  }

  @Test
  void aSensorsHistoryIsExportedDownloadedAndHiddenFromAnotherTenant() throws Exception {
    assumeFunction("tasks");
    assumeFunction("sensors");
    String token = adminOfNewTenant();
    Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);
    int count = 1500;
    String sensorId = sensorWithReadings(token, first, count);

    Response created = exportReadings(token, sensorId, first, first.plusSeconds(count));
    assertThat(created.status()).as("%s", created).isEqualTo(202);
    String location = created.header("Location");
    String taskId = created.json().path("id").asText();
    assertThat(location).isEqualTo("/tasks/" + taskId);

    JsonNode task = awaitTask(location, token);
    assertThat(task.path("status").asText()).as("%s", task).isEqualTo("succeeded");
    assertThat(task.path("progress").path("done").asLong()).isEqualTo(count);
    String url = task.path("result").path("download").path("url").asText();
    java.net.http.HttpResponse<String> file = download(url);
    assertThat(file.statusCode()).as("GET the presigned URL").isEqualTo(200);
    List<String> lines = file.body().lines().toList();
    assertThat(lines.get(0)).isEqualTo("sensorId,timestamp,value");
    assertThat(lines).as("header and one row per reading").hasSize(count + 1);
    assertThat(lines.get(1)).startsWith(sensorId + "," + first);
    Response redirect = api().get(location + "/download", token);
    assertThat(redirect.status()).as("%s", redirect).isEqualTo(303);
    assertThat(download(redirect.header("Location")).body()).isEqualTo(file.body());

    String otherTenant = adminOfNewTenant();
    assertThat(api().get(location, otherTenant).status()).isEqualTo(404);
    assertThat(api().get(location + "/download", otherTenant).status()).isEqualTo(404);
  }

  @Test
  void aLongExportCancelledMidRunEndsCancelledWithNoFileLeft() throws Exception {
    assumeFunction("tasks");
    assumeFunction("sensors");
    OptionalInt rowsPerSecond = target().exportRowsPerSecond();
    assumeTrue(
        rowsPerSecond.isPresent(),
        "exports run at full speed on this target: a cancel may not land mid-run");
    S3Client bucket =
        target()
            .reportsBucket()
            .orElseThrow(
                () -> new TestAbortedException("the reports bucket is not visible on this target"));
    String token = adminOfNewTenant();
    Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.HOURS);
    // 30 s of export at the target's pace: as long as sensors' invocation may run.
    int count = rowsPerSecond.getAsInt() * 30;
    String sensorId = sensorWithReadings(token, first, count);

    Response created = exportReadings(token, sensorId, first, first.plusSeconds(count));
    assertThat(created.status()).as("%s", created).isEqualTo(202);
    String location = created.header("Location");
    String taskId = created.json().path("id").asText();
    JsonNode running = awaitProgress(location, token);
    Response cancel = api().put(location + "/cancel", token, null);
    assertThat(cancel.status()).as("%s", cancel).isEqualTo(200);
    JsonNode task = awaitTask(location, token);

    assertThat(running.path("progress").path("done").asLong())
        .as("progress reported before the cancel: %s", running)
        .isPositive()
        .isLessThan(count);
    assertThat(task.path("status").asText()).as("%s", task).isEqualTo("cancelled");
    assertThat(task.path("progress").path("done").asLong())
        .as("stopped before the last reading: %s", task)
        .isLessThan(count);
    assertThat(task.path("result").path("download").isMissingNode()).as("%s", task).isTrue();
    assertThat(api().get(location + "/download", token).status()).isEqualTo(404);
    String taskFolder = "/tasks/" + taskId + "/";
    assertThat(
            bucket
                .listObjectsV2Paginator(b -> b.bucket("reports").prefix("tenants/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .filter(key -> key.contains(taskFolder)))
        .as("objects of the cancelled export")
        .isEmpty();
    assertThat(
            bucket
                .listMultipartUploads(b -> b.bucket("reports").prefix("tenants/"))
                .uploads()
                .stream()
                .map(MultipartUpload::key)
                .filter(key -> key.contains(taskFolder)))
        .as("open uploads of the cancelled export")
        .isEmpty();
  }

  /**
   * A temperature sensor of a new room with {@code count} readings, one a second from {@code
   * first}.
   */
  private String sensorWithReadings(String token, Instant first, int count) {
    Response sensor =
        api()
            .post(
                "/sensors",
                token,
                Map.of("roomId", roomOf(token), "type", "temperature", "unit", "Cel"));
    assertThat(sensor.status()).as("%s", sensor).isEqualTo(201);
    String sensorId = sensor.json().path("id").asText();
    for (int batch = 0; batch < count; batch += 1000) {
      List<Map<String, Object>> readings = new ArrayList<>();
      for (int i = batch; i < Math.min(count, batch + 1000); i++) {
        readings.add(reading(sensorId, first.plusSeconds(i), 20 + (i % 50) / 10.0));
      }
      Response posted = api().post("/sensors/data", token, Map.of("readings", readings));
      assertThat(posted.status()).as("%s", posted).isEqualTo(202);
    }
    return sensorId;
  }

  /** {@code POST /tasks}: a CSV export of the sensor's readings from {@code from} to {@code to}. */
  private Response exportReadings(String token, String sensorId, Instant from, Instant to) {
    return api()
        .post(
            "/tasks",
            token,
            Map.of(
                "kind",
                "sensor-data-export",
                "params",
                Map.of(
                    "sensorId",
                    sensorId,
                    "from",
                    from.toString(),
                    "to",
                    to.toString(),
                    "format",
                    "csv")));
  }

  /** Polls a task until it runs and has reported progress; fails if it ends first. */
  private JsonNode awaitProgress(String location, String token) {
    return poll(
        () -> api().get(location, token),
        task -> {
          assertThat(task.path("status").asText())
              .as("the export ended before it could be cancelled: %s", task)
              .isIn("pending", "running");
          return task.path("progress").path("done").asLong() > 0;
        },
        Duration.ofSeconds(60),
        "the export's progress");
  }

  /** Polls a task until it is final. */
  private JsonNode awaitTask(String location, String token) {
    return poll(
        () -> api().get(location, token),
        task ->
            List.of("succeeded", "failed", "cancelled", "timed-out")
                .contains(task.path("status").asText()),
        Duration.ofSeconds(120),
        "the task's end");
  }

  private static java.net.http.HttpResponse<String> download(String url) throws Exception {
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      return http.send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void anAlertFromReadingsReachesTheTenantsSocketInboxEventLogAndTheAdminsMail() throws Exception {
    for (String function : List.of("identity", "rooms", "sensors", "notifications")) {
      assumeFunction(function);
    }
    URI webSocket = webSocketUrl();
    Account admin = registerOrganisation();
    Account stranger = registerOrganisation();
    // user.registered travels identity → SNS → SQS → notifications: then the welcome is there.
    await(() -> api().get("/notifications", admin.token()), n -> n.path("items").size() >= 1);
    await(() -> api().get("/notifications", stranger.token()), n -> n.path("items").size() >= 1);
    try (LiveSocket tab = LiveSocket.connect(webSocket, admin.token());
        LiveSocket other = LiveSocket.connect(webSocket, stranger.token())) {
      assertThat(tab.subprotocol()).isEqualTo("bearer");
      String roomId = co2RoomWithLimit1000(admin.token(), "Live");
      String sensorId = sensor(admin.token(), roomId, "co2", "ppm");

      postReadings(
          admin.token(), sensorId, Instant.now().truncatedTo(ChronoUnit.SECONDS), 1400, 1500);

      JsonNode pushed = tab.next(m -> m.path("type").asText().equals("notification"), 60);
      assertThat(pushed).as("the alert on the admin's socket").isNotNull();
      JsonNode notification = pushed.path("notification");
      assertThat(notification.path("eventType").asText()).isEqualTo("alert.raised.v1");
      assertThat(notification.path("title").asText()).contains("co2").contains(roomId);
      assertThat(pushed.path("id").asText()).isEqualTo(notification.path("id").asText());
      assertThat(other.next(m -> m.path("type").asText().equals("notification"), 2)).isNull();

      JsonNode inbox = api().get("/notifications?unread=true", admin.token()).json();
      assertThat(inbox.path("items").findValuesAsText("id"))
          .contains(notification.path("id").asText());
      JsonNode events = api().get("/events?type=alert.raised.v1", admin.token()).json();
      assertThat(events.path("items").findValuesAsText("id"))
          .contains(notification.path("eventId").asText());
      assertThat(
              api()
                  .get("/events?type=alert.raised.v1", stranger.token())
                  .json()
                  .path("items")
                  .size())
          .isZero();
      if (target().showsMail()) {
        JsonNode mail =
            await(
                () -> api().get("/_local/mail", null),
                m ->
                    m.path("items").findValues("subject").stream()
                        .anyMatch(subject -> subject.asText().contains(roomId)));
        boolean toAdmin = false;
        for (JsonNode item : mail.path("items")) {
          if (item.path("subject").asText().contains(roomId)) {
            toAdmin |= item.path("to").toString().contains(admin.email());
          }
        }
        assertThat(toAdmin).as("the alert mailed to the admin").isTrue();
      }
    }
  }

  /**
   * Decision 0044: an operator acknowledges the alert from its notification (the subject is the
   * alert id); the room shows who and when, and the admin's socket hears of it at once.
   */
  @Test
  void anOperatorAcknowledgesAnAlertAndTheAdminsSocketIsToldAndTheRoomShowsIt() throws Exception {
    for (String function : List.of("identity", "rooms", "sensors", "notifications")) {
      assumeFunction(function);
    }
    URI webSocket = webSocketUrl();
    Account admin = registerOrganisation();
    String unique = unique();
    Account operator =
        register(
            Map.of(
                "email",
                "operator-" + unique + "@e2e.sac4cps.test",
                "password",
                "e2e-Password-" + unique,
                "name",
                "E2E Operator",
                "roles",
                List.of("operator")),
            admin.token());
    await(() -> api().get("/notifications", admin.token()), n -> n.path("items").size() >= 1);
    await(() -> api().get("/notifications", operator.token()), n -> n.path("items").size() >= 1);
    try (LiveSocket tab = LiveSocket.connect(webSocket, admin.token())) {
      String roomId = co2RoomWithLimit1000(admin.token(), "Ack");
      String sensorId = sensor(admin.token(), roomId, "co2", "ppm");
      postReadings(
          admin.token(), sensorId, Instant.now().truncatedTo(ChronoUnit.SECONDS), 1400, 1500);
      JsonNode raised =
          tab.next(
              m -> m.path("notification").path("eventType").asText().equals("alert.raised.v1"), 60);
      assertThat(raised).as("the alert on the admin's socket").isNotNull();
      String alertId = raised.path("notification").path("subject").asText();

      Response acknowledged = api().post("/alerts/" + alertId + "/ack", operator.token(), null);

      assertThat(acknowledged.status()).as("ack: %s", acknowledged).isEqualTo(200);
      assertThat(acknowledged.json().path("roomId").asText()).isEqualTo(roomId);
      JsonNode acknowledgement = acknowledged.json().path("acknowledgement");
      JsonNode told =
          tab.next(
              m ->
                  m.path("notification").path("eventType").asText().equals("alert.acknowledged.v1"),
              60);
      assertThat(told).as("the acknowledgement on the admin's socket").isNotNull();
      assertThat(told.path("notification").path("subject").asText()).isEqualTo(alertId);
      assertThat(told.path("notification").path("title").asText()).contains("E2E Operator");
      JsonNode shown =
          api().get("/rooms/" + roomId + "/metrics", admin.token()).json().path("activeAlerts");
      assertThat(shown.findValuesAsText("id")).contains(alertId);
      for (JsonNode alert : shown) {
        if (alert.path("id").asText().equals(alertId)) {
          assertThat(alert.path("acknowledgement")).isEqualTo(acknowledgement);
        }
      }
      Response again = api().post("/alerts/" + alertId + "/ack", admin.token(), null);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().path("acknowledgement")).isEqualTo(acknowledgement);
    }
  }

  /**
   * Issue 17: one reading that raises an alert is one trace, from the gateway's request span to the
   * alert's delivery on the admin's socket, each hop the child of the one before, with the tenant
   * on every function's span and nothing personal in any attribute.
   */
  @Test
  void aReadingThatRaisesAnAlertIsOneTraceFromTheGatewayToTheSocketPush() throws Exception {
    for (String function : List.of("identity", "rooms", "sensors", "notifications")) {
      assumeFunction(function);
    }
    assumeTrue(target().showsTelemetry(), "the target shows no traces (GET /_local/traces)");
    URI webSocket = webSocketUrl();
    Account admin = registerOrganisation();
    await(() -> api().get("/notifications", admin.token()), n -> n.path("items").size() >= 1);
    String traceId = UUID.randomUUID().toString().replace("-", "");
    String callerSpan = traceId.substring(0, 16);
    try (LiveSocket tab = LiveSocket.connect(webSocket, admin.token())) {
      String roomId = co2RoomWithLimit1000(admin.token(), "Traced");
      String sensorId = sensor(admin.token(), roomId, "co2", "ppm");
      Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS);

      Response posted =
          api()
              .send(
                  "POST",
                  "/sensors/data",
                  admin.token(),
                  Map.of(
                      "readings",
                      List.of(
                          reading(sensorId, first, 1400),
                          reading(sensorId, first.plusSeconds(10), 1500))),
                  Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
      assertThat(posted.status()).as("%s", posted).isEqualTo(202);
      assertThat(tab.next(m -> m.path("type").asText().equals("notification"), 60))
          .as("the alert on the admin's socket")
          .isNotNull();

      // The spans leave each function on its exporter's thread: wait until the last hop is in.
      JsonNode trace =
          poll(
              () -> api().get("/_local/traces?traceId=" + traceId, null),
              t ->
                  t.path("spans").size() == 1
                      && !spans(t.path("spans"), "notifications", "CLIENT", "deliver websocket")
                          .isEmpty(),
              Duration.ofSeconds(60),
              "the trace's websocket delivery span");

      assertThat(trace.path("spans")).as("one root: the gateway's request span").hasSize(1);
      JsonNode gateway = trace.path("spans").get(0);
      assertThat(gateway.path("service").asText()).isEqualTo("gateway");
      assertThat(gateway.path("parentSpanId").asText()).as("the caller's").isEqualTo(callerSpan);
      JsonNode request = child(gateway, "sensors", "SERVER", "POST /sensors/data");
      JsonNode relay = child(request, "sensors", "PRODUCER", "publish ");
      JsonNode consumer = child(relay, "rooms", "CONSUMER", "process ");
      List<JsonNode> deliveries =
          spans(consumer.path("children"), "notifications", "CLIENT", "deliver websocket");
      assertThat(deliveries).as("the socket push, a descendant of rooms' consumer").hasSize(1);
      List<JsonNode> notified =
          spans(consumer.path("children"), "notifications", "CONSUMER", "process ");
      assertThat(notified).as("notifications' consumer of the alert").isNotEmpty();
      assertThat(
              spans(
                  notified.get(0).path("children"), "notifications", "CLIENT", "deliver websocket"))
          .as("the push beneath notifications' consumer")
          .hasSize(1);

      for (JsonNode span : List.of(request, relay, consumer, notified.get(0), deliveries.get(0))) {
        assertThat(span.path("attributes").path("sac4cps.tenant").asText())
            .as("tenant of " + span.path("name").asText())
            .isEqualTo(admin.tenantId());
      }
      for (JsonNode span : spans(trace.path("spans"), "", "", "")) {
        assertThat(span.path("attributes").toString())
            .as("attributes of " + span.path("name").asText())
            .doesNotContain(admin.token())
            .doesNotContain(admin.email())
            .doesNotContain(admin.password());
      }
    }
  }

  /** The one direct child of {@code parent} from {@code service} of that kind and name prefix. */
  private static JsonNode child(JsonNode parent, String service, String kind, String name) {
    List<JsonNode> children = new ArrayList<>();
    for (JsonNode child : parent.path("children")) {
      if (matches(child, service, kind, name)) {
        children.add(child);
      }
    }
    assertThat(children)
        .as("%s %s '%s…' under %s: %s", service, kind, name, parent.path("name").asText(), parent)
        .hasSize(1);
    return children.get(0);
  }

  /** The spans of a (sub)tree, depth first, that match (an empty criterion matches all). */
  private static List<JsonNode> spans(JsonNode nodes, String service, String kind, String name) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode node : nodes) {
      if (matches(node, service, kind, name)) {
        found.add(node);
      }
      found.addAll(spans(node.path("children"), service, kind, name));
    }
    return found;
  }

  private static boolean matches(JsonNode span, String service, String kind, String name) {
    return (service.isEmpty() || span.path("service").asText().equals(service))
        && (kind.isEmpty() || span.path("kind").asText().equals(kind))
        && span.path("name").asText().startsWith(name);
  }

  /**
   * Issue 17: the local stack shows the functions' EMF metrics in Prometheus text format; one POST
   * of three readings adds one request of its route and three accepted readings to sensors'.
   */
  @Test
  void aPostOfReadingsShowsAsPrometheusCountersOfItsRouteAndFunction() {
    assumeFunction("sensors");
    assumeTrue(target().showsTelemetry(), "the target shows no metrics (GET /_local/metrics)");
    String token = adminOfNewTenant();
    String sensorId = sensor(token, roomOf(token), "temperature", "celsius");
    String requests = "sac4cps_requests_total{route=\"POST /sensors/data\",service=\"sensors\"}";
    String accepted = "sac4cps_readings_accepted_total{service=\"sensors\"}";
    String latency =
        "sac4cps_latency_seconds_count{route=\"POST /sensors/data\",service=\"sensors\"}";
    Map<String, Double> before = prometheus();

    postReadings(token, sensorId, Instant.now().truncatedTo(ChronoUnit.SECONDS), 21, 22, 23);

    Response shown = api().get("/_local/metrics", null);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.header("Content-Type")).startsWith("text/plain; version=0.0.4");
    assertThat(shown.body()).contains("# TYPE sac4cps_requests_total counter\n");
    Map<String, Double> after = before;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline
        && (after.getOrDefault(accepted, 0.0) - before.getOrDefault(accepted, 0.0) < 3
            || after.getOrDefault(requests, 0.0) - before.getOrDefault(requests, 0.0) < 1)) {
      after = prometheus();
      try {
        Thread.sleep(200); // a poll's pause, as poll(...) does
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    assertThat(after.getOrDefault(requests, 0.0) - before.getOrDefault(requests, 0.0))
        .as(requests)
        .isEqualTo(1.0);
    assertThat(after.getOrDefault(latency, 0.0) - before.getOrDefault(latency, 0.0))
        .as(latency)
        .isEqualTo(1.0);
    assertThat(after.getOrDefault(accepted, 0.0) - before.getOrDefault(accepted, 0.0))
        .as(accepted)
        .isEqualTo(3.0);
  }

  /** {@code GET /_local/metrics} as series (name and labels) → value. */
  private Map<String, Double> prometheus() {
    Response shown = api().get("/_local/metrics", null);
    assertThat(shown.status()).isEqualTo(200);
    Map<String, Double> series = new java.util.HashMap<>();
    for (String line : shown.body().split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return series;
  }

  /** Polls {@code call} until its JSON satisfies {@code condition} (60 s), returning it. */
  private static JsonNode await(
      java.util.function.Supplier<Response> call,
      java.util.function.Predicate<JsonNode> condition) {
    return poll(call, condition, Duration.ofSeconds(60), "the condition");
  }

  /**
   * Calls {@code call} every 200 ms until it answers 200 with JSON that satisfies {@code
   * condition}, and returns that JSON; fails with the last answer after {@code within}. Generous
   * limits for a busy CI machine: they only cost time when the pipeline is broken.
   */
  private static JsonNode poll(
      java.util.function.Supplier<Response> call,
      java.util.function.Predicate<JsonNode> condition,
      Duration within,
      String what) {
    long deadline = System.nanoTime() + within.toNanos();
    Response last = null;
    while (System.nanoTime() < deadline) {
      last = call.get();
      if (last.status() == 200 && condition.test(last.json())) {
        return last.json();
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError(what + " not reached within " + within + "; last: " + last);
  }

  /** Readings of one sensor, ten seconds apart from {@code first}, in one batch. */
  private void postReadings(String token, String sensorId, Instant first, double... values) {
    List<Map<String, Object>> readings = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      readings.add(reading(sensorId, first.plusSeconds(10L * i), values[i]));
    }
    Response posted = api().post("/sensors/data", token, Map.of("readings", readings));
    assertThat(posted.status()).as("%s", posted).isEqualTo(202);
    assertThat(posted.json().path("accepted").asInt()).isEqualTo(values.length);
  }

  private JsonNode awaitMetrics(
      String roomId, String token, java.util.function.Predicate<JsonNode> condition) {
    return poll(
        () -> api().get("/rooms/" + roomId + "/metrics", token),
        condition,
        Duration.ofSeconds(60),
        "room metrics' expected state");
  }

  private static Map<String, Object> reading(String sensorId, Instant at, double value) {
    return Map.of("sensorId", sensorId, "timestamp", at.toString(), "value", value);
  }
}
