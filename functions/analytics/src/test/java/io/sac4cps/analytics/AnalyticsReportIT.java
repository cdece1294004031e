package io.sac4cps.analytics;

import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static io.sac4cps.testkit.tasks.TaskReportsReader.states;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sac4cps.analytics.events.AlertsQueueHandler;
import io.sac4cps.analytics.events.RoomEventsQueueHandler;
import io.sac4cps.analytics.events.SensorReadingsHandler;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.platform.tasks.TaskWorkHandler;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.lambda.KafkaEvents;
import io.sac4cps.testkit.lambda.SqsEvents;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.tasks.TaskWorkFixture;
import io.sac4cps.testkit.tasks.TaskWorkMessages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reports as tasks through the Lambda handlers: POST /analytics/reports (HTTP handler) queues the
 * work on analytics' work queue in ElasticMQ, the platform's {@link TaskWorkHandler} runs it
 * against PostgreSQL, the file lands in the S3 server, the reports go to Kafka task.reports, and
 * GET /analytics/reports/{id} hands out a presigned URL that downloads it. Two rooms over
 * 2025-03-29..31 UTC; every expected number is worked out by hand in the comments.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS, Service.KAFKA, Service.S3})
class AnalyticsReportIT {
  private static final Duration WITHIN = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "tenant-" + UUID.randomUUID();
  private static final String HQ = "Report HQ";
  private static final String FROM = "2025-03-29T00:00:00Z";
  private static final String TO = "2025-03-31T00:00:00Z";

  private static Infrastructure infrastructure;
  private static TaskWorkFixture work;
  private static ApiFunction analytics;
  private static String bucket;

  @BeforeAll
  static void start(Infrastructure infra) throws Exception {
    infrastructure = infra;
    bucket = infra.bucket();
    work =
        TaskWorkFixture.start(
            infra,
            "analytics",
            "analytics-report",
            function ->
                function
                    .property("sac4cps.s3.buckets.reports", bucket)
                    .property("sac4cps.tasks.progress-interval", "100ms")
                    .property("sac4cps.tasks.cancel-poll-interval", "100ms")
                    // An invocation hands over when less than 2.5 s is left (the source's: 60 s).
                    .property("sac4cps.tasks.time-budget", "2500ms"));
    analytics = work.function();

    // R1: capacity 10, 20 m², temperature 20..24. R2: capacity 5, 10 m², no thresholds.
    RoomEventsQueueHandler rooms = new RoomEventsQueueHandler(analytics.context());
    rooms.handleRequest(
        SqsEvents.eventOfBodies(
            room("r1", "Room One", 10, 20.0, "{\"temperature\":{\"min\":20,\"max\":24}}"),
            room("r2", "Room Two", 5, 10.0, "{}")),
        LocalLambdaContext.of("rooms"));
    SensorReadingsHandler readings = new SensorReadingsHandler(analytics.context());
    KafkaEvents.Event batch = KafkaEvents.selfManaged("127.0.0.1:9092");
    for (ObjectNode event :
        List.of(
            // R1 occupancy: day 1 hour 09 → 4, 6 (mean 5, 50 %); day 2 hour 10 → 8 (80 %).
            reading("occ-1", "r1", "occupancy", "people", 4, "2025-03-29T09:00:00Z"),
            reading("occ-1", "r1", "occupancy", "people", 6, "2025-03-29T09:30:00Z"),
            reading("occ-1", "r1", "occupancy", "people", 8, "2025-03-30T10:00:00Z"),
            // R1 temperature in the occupied hours: 22 inside 20..24 on day 1, 26 outside on day 2.
            reading("temp-1", "r1", "temperature", "Cel", 22, "2025-03-29T09:15:00Z"),
            reading("temp-1", "r1", "temperature", "Cel", 26, "2025-03-30T10:15:00Z"),
            // Energy: R1 2.5 then 1.5 kWh, R2 1.0 then 3.0 kWh.
            reading("en-1", "r1", "energy", "kWh", 2.5, "2025-03-29T12:00:00Z"),
            reading("en-1", "r1", "energy", "kWh", 1.5, "2025-03-30T12:00:00Z"),
            reading("en-2", "r2", "energy", "kWh", 1.0, "2025-03-29T13:00:00Z"),
            reading("en-2", "r2", "energy", "kWh", 3.0, "2025-03-30T08:00:00Z"))) {
      assertMatchesEventContract(event);
      batch.record("sensor.readings", 0, event.get("subject").asText(), event.toString());
    }
    assertThat(readings.handleRequest(batch.build(), LocalLambdaContext.of("readings")))
        .contains("applied=9");
    // One alert in R1, resolved after 90 minutes.
    new AlertsQueueHandler(analytics.context())
        .handleRequest(
            SqsEvents.eventOfBodies(
                alert("alert.raised.v1", "al-1", "2025-03-29T10:00:00Z", null),
                alert("alert.resolved.v1", "al-1", "2025-03-29T10:00:00Z", "2025-03-29T11:30:00Z")),
            LocalLambdaContext.of("alerts"));
  }

  @AfterAll
  static void stop() {
    work.close();
  }

  @Test
  void aCsvReportHasOneRowPerRoomAndDayWithTheExactFiguresAndSumsToTheSummary() throws Exception {
    JsonNode done = createAndAwait("building-summary", "csv", token("operator"));
    String csv = new String(download(done), StandardCharsets.UTF_8);
    List<String> lines = csv.lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "roomId,room,building,from,to,occupancyMean,utilisationPercent,peakUtilisationPercent,"
                + "energyKwh,kwhPerM2,occupiedHours,comfortPercent,temperaturePercent,"
                + "humidityPercent,co2Percent,co2ExceedanceHours,alertsRaised");
    Map<String, Map<String, String>> rows = new HashMap<>();
    String[] header = lines.get(0).split(",", -1);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertThat(cells).hasSameSizeAs(header);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], cells[i]);
      }
      rows.put(row.get("roomId") + "@" + row.get("from").substring(0, 10), row);
    }
    assertThat(rows)
        .containsOnlyKeys("r1@2025-03-29", "r1@2025-03-30", "r2@2025-03-29", "r2@2025-03-30");
    Map<String, String> r1Day1 = rows.get("r1@2025-03-29");
    assertThat(r1Day1.get("room")).isEqualTo("Room One");
    assertThat(r1Day1.get("building")).isEqualTo(HQ);
    assertThat(r1Day1.get("to")).isEqualTo("2025-03-30T00:00:00Z");
    assertThat(r1Day1.get("occupancyMean")).isEqualTo("5");
    assertThat(r1Day1.get("utilisationPercent")).isEqualTo("50");
    assertThat(r1Day1.get("peakUtilisationPercent")).isEqualTo("60");
    assertThat(r1Day1.get("energyKwh")).isEqualTo("2.5");
    assertThat(r1Day1.get("kwhPerM2")).isEqualTo("0.125");
    assertThat(r1Day1.get("comfortPercent")).isEqualTo("100");
    assertThat(r1Day1.get("temperaturePercent")).isEqualTo("100");
    assertThat(r1Day1.get("humidityPercent")).isEmpty();
    assertThat(r1Day1.get("alertsRaised")).isEqualTo("1");
    Map<String, String> r1Day2 = rows.get("r1@2025-03-30");
    assertThat(r1Day2.get("utilisationPercent")).isEqualTo("80");
    assertThat(r1Day2.get("energyKwh")).isEqualTo("1.5");
    assertThat(r1Day2.get("kwhPerM2")).isEqualTo("0.075");
    assertThat(r1Day2.get("comfortPercent")).isEqualTo("0");
    assertThat(r1Day2.get("alertsRaised")).isEqualTo("0");
    Map<String, String> r2Day2 = rows.get("r2@2025-03-30");
    assertThat(r2Day2.get("occupancyMean")).as("no occupancy sensor").isEmpty();
    assertThat(r2Day2.get("energyKwh")).isEqualTo("3");
    assertThat(r2Day2.get("kwhPerM2")).isEqualTo("0.3");
    assertThat(r2Day2.get("comfortPercent")).as("no thresholds").isEmpty();

    // The rows sum to the summary of the same period: 2.5 + 1.5 + 1 + 3 = 8 kWh.
    JsonNode summary = summary();
    double kwh =
        rows.values().stream().mapToDouble(r -> Double.parseDouble(r.get("energyKwh"))).sum();
    assertThat(kwh).isEqualTo(8.0);
    assertThat(summary.at("/energy/totalKwh/value").asDouble()).isCloseTo(kwh, within(1e-9));
    long exceedance =
        rows.values().stream().mapToLong(r -> Long.parseLong(r.get("co2ExceedanceHours"))).sum();
    assertThat(summary.at("/comfort/co2ExceedanceHours/value").asDouble()).isEqualTo(exceedance);
    long occupied =
        rows.values().stream().mapToLong(r -> Long.parseLong(r.get("occupiedHours"))).sum();
    assertThat(summary.at("/comfort/occupiedHours/value").asDouble()).isEqualTo(occupied);
  }

  @Test
  void aPdfReportParsesAndHoldsTheSummaryFiguresOfThePeriod() throws Exception {
    JsonNode done = createAndAwait("building-summary", "pdf", token("admin"));
    assertThat(done.get("format").asText()).isEqualTo("pdf");
    byte[] pdf = download(done);
    String text;
    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(document.getNumberOfPages()).isGreaterThanOrEqualTo(2);
      text = new PDFTextStripper().getText(document).replace("\r", "");
    }
    JsonNode summary = summary();
    // By hand: R1's readings 4, 6, 8 → mean 6 of 10 → 60.0 %; 8 kWh over 30 m²; comfort 1 of 2
    // occupied hours judged → 50.0 %; MTTR 90 min = 1.50 h; one alert raised and resolved.
    assertThat(summary.at("/occupancy/utilisationPercent/value").asDouble()).isEqualTo(60);
    assertThat(summary.at("/comfort/insidePercent/value").asDouble()).isEqualTo(50);
    assertThat(text)
        .contains("Building summary report")
        .contains("Building " + HQ + ", 2025-03-29 00:00 UTC to 2025-03-31 00:00 UTC")
        .contains("Occupancy, mean of capacity (%) 60.0")
        .contains("Energy (kWh) 8.00")
        .contains("Energy per m2 (kWh/m2) " + fixed(8.0 / 30, 3))
        .contains("Comfort, occupied time inside (%) 50.0")
        .contains("Alerts raised 1")
        .contains("Alerts resolved 1")
        .contains("Mean time to resolve (h) 1.50")
        .contains("Energy per day (kWh)")
        .contains("Comfort per day")
        .contains("Occupancy per room and day");
    // Every headline figure as GET /analytics/summary has it, formatted as the PDF rounds it.
    assertThat(text)
        .contains(fixed(summary.at("/occupancy/utilisationPercent/value").asDouble(), 1))
        .contains(fixed(summary.at("/energy/totalKwh/value").asDouble(), 2))
        .contains(
            "Occupied hours " + fixed(summary.at("/comfort/occupiedHours/value").asDouble(), 0))
        .contains(
            "CO2 exceedance hours "
                + fixed(summary.at("/comfort/co2ExceedanceHours/value").asDouble(), 0))
        .contains(
            "Data completeness (%) "
                + figure(summary.at("/dataHealth/completenessPercent/value"), 1));
    // The rooms' table: Room One 60.0 % occupancy, 4.00 kWh, 0.200 kWh/m², 50.0 % comfort.
    assertThat(text).contains("Room One " + HQ + " 60.0 4.00 0.200 50.0");
    assertThat(text).contains("Room Two " + HQ + " - 4.00 0.400 -");
    // Daily energy bars are labelled with each day's total: 2.5 + 1.0 and 1.5 + 3.0 kWh.
    assertThat(text).contains("3.50").contains("4.50");
  }

  @Test
  void anEnergyReportHasOnlyTheEnergyColumns() throws Exception {
    JsonNode done = createAndAwait("energy", "csv", token("operator"));
    List<String> lines = new String(download(done), StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).isEqualTo("roomId,room,building,from,to,energyKwh,kwhPerM2");
    assertThat(lines).hasSize(5);
    assertThat(lines)
        .contains("r2,Room Two," + HQ + ",2025-03-29T00:00:00Z,2025-03-30T00:00:00Z,1,0.1");
  }

  @Test
  void progressIsReportedPerDayAndTheReportsAreValidEvents() throws Exception {
    JsonNode created = create("comfort", "csv", token("operator"));
    String id = created.get("id").asText();
    List<JsonNode> reported = work.reports().awaitFinal(id, WITHIN);
    for (int i = 0; i < reported.size(); i++) {
      assertMatchesEventContract(reported.get(i));
      assertThat(reported.get(i).get("data").get("sequence").asLong()).isEqualTo(i + 1L);
    }
    assertThat(states(reported)).first().isEqualTo("running");
    assertThat(states(reported)).last().isEqualTo("succeeded");
    JsonNode last = reported.get(reported.size() - 1).get("data");
    assertThat(last.at("/progress/done").asLong()).isEqualTo(2);
    assertThat(last.at("/progress/total").asLong()).isEqualTo(2);
    assertThat(last.at("/result/file/key").asText())
        .isEqualTo("tenants/" + TENANT + "/tasks/" + id + "/report.csv");
    JsonNode report = get(id, token("viewer"));
    assertThat(report.at("/progress/done").asInt()).isEqualTo(2);
    assertThat(report.at("/progress/total").asInt()).isEqualTo(2);
  }

  @Test
  void aReportSpanningInvocationsResumesFromItsCheckpointWithTheSameFigures() throws Exception {
    // 2.6 s per invocation and a 2.5 s budget: a run hands over at the first day's checkpoint
    // after its first 100 ms, so it spans invocations however fast the machine is (with 0.5 s to
    // spare, a fast machine may do the 31 days in one).
    work.source().invocationTimeout(Duration.ofMillis(2600));
    JsonNode created;
    List<JsonNode> reported;
    try {
      created =
          post(
              "{\"kind\":\"energy\",\"building\":\""
                  + HQ
                  + "\",\"from\":\"2025-03-01T00:00:00Z\","
                  + "\"to\":\"2025-04-01T00:00:00Z\",\"format\":\"csv\"}",
              token("operator"));
      reported = work.reports().awaitFinal(created.get("id").asText(), WITHIN);
    } finally {
      work.source().invocationTimeout(Duration.ofSeconds(60));
    }
    String id = created.get("id").asText();
    assertThat(states(reported)).last().isEqualTo("succeeded");
    assertThat(work.source().deliveriesOf(id).size()).as("invocations").isGreaterThan(1);
    assertThat(reported.get(reported.size() - 1).get("data").at("/progress/done").asLong())
        .isEqualTo(31);
    List<String> lines =
        new String(download(get(id, token("viewer"))), StandardCharsets.UTF_8).lines().toList();
    // 31 days × 2 rooms, each once, in day order; the energy of 03-29 and 03-30 only.
    assertThat(lines).hasSize(1 + 62).doesNotHaveDuplicates();
    assertThat(lines.get(1)).startsWith("r1,Room One," + HQ + ",2025-03-01T00:00:00Z,");
    assertThat(lines.get(62)).startsWith("r2,Room Two," + HQ + ",2025-03-31T00:00:00Z,");
    double kwh =
        lines.stream()
            .skip(1)
            .map(l -> l.split(",", -1)[5])
            .filter(v -> !v.isEmpty())
            .mapToDouble(Double::parseDouble)
            .sum();
    assertThat(kwh).isEqualTo(8.0);
  }

  @Test
  void aCancelledReportStopsAtACheckpointAndStoresNoFile() throws Exception {
    // 92 days: long enough to be cancelled between two of them.
    JsonNode created =
        post(
            "{\"kind\":\"building-summary\",\"building\":\""
                + HQ
                + "\",\"from\":\"2025-01-01T00:00:00Z\","
                + "\"to\":\"2025-04-03T00:00:00Z\",\"format\":\"pdf\"}",
            token("operator"));
    String id = created.get("id").asText();
    work.reports()
        .await(
            id,
            r -> r.stream().anyMatch(x -> x.get("data").at("/progress/done").asLong() > 0),
            WITHIN);
    work.send(TaskWorkMessages.cancel(TENANT, id, "analytics-report"));
    List<JsonNode> reported = work.reports().awaitFinal(id, WITHIN);
    assertThat(states(reported)).last().isEqualTo("cancelled");
    assertThat(reported.get(reported.size() - 1).get("data").at("/progress/done").asLong())
        .isLessThan(92);
    JsonNode report = get(id, token("viewer"));
    assertThat(report.get("status").asText()).isEqualTo("cancelled");
    assertThat(report.get("downloadUrl").isNull()).isTrue();
    assertThat(
            infrastructure
                .s3Client()
                .listObjectsV2(b -> b.bucket(bucket).prefix("tenants/" + TENANT + "/tasks/" + id))
                .contents())
        .isEmpty();
  }

  @Test
  void anotherTenantNeitherSeesTheReportNorCanReportOnTheBuilding() throws Exception {
    JsonNode done = createAndAwait("energy", "csv", token("operator"));
    String other = TestTokens.token("user-other", "tenant-other-" + UUID.randomUUID(), "admin");
    assertThat(analytics.get("/analytics/reports/" + done.get("id").asText(), other).status())
        .isEqualTo(404);
    ApiResponse building =
        analytics.send(
            ApiGatewayEvents.request("POST", "/analytics/reports")
                .json(body("energy", "csv"))
                .bearer(other));
    assertThat(building.status()).as(building.body()).isEqualTo(404);
    // The link is to this tenant's key only.
    assertThat(done.get("downloadUrl").asText()).contains("tenants/" + TENANT + "/tasks/");
  }

  @Test
  void badRequestsAreProblemsNamingTheField() throws Exception {
    ApiResponse bad =
        analytics.send(
            ApiGatewayEvents.request("POST", "/analytics/reports")
                .json(
                    "{\"kind\":\"building-summary\",\"from\":\"2025-01-01T00:00:00Z\","
                        + "\"to\":\"2025-06-01T00:00:00Z\"}")
                .bearer(token("admin")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("\"to\"").contains("92 days");
    ApiResponse viewer =
        analytics.send(
            ApiGatewayEvents.request("POST", "/analytics/reports")
                .json(body("energy", "csv"))
                .bearer(token("viewer")));
    assertThat(viewer.status()).isEqualTo(403);
  }

  // ---------------------------------------------------------------- plumbing

  private static JsonNode createAndAwait(String kind, String format, String token)
      throws Exception {
    JsonNode created = create(kind, format, token);
    String id = created.get("id").asText();
    List<JsonNode> reported = work.reports().awaitFinal(id, WITHIN);
    assertThat(states(reported)).last().isEqualTo("succeeded");
    JsonNode report = get(id, token("viewer"));
    assertThat(report.get("status").asText()).isEqualTo("succeeded");
    assertThat(report.get("kind").asText()).isEqualTo(kind);
    assertThat(report.get("completedAt").isNull()).isFalse();
    assertThat(Instant.parse(report.get("expiresAt").asText())).isAfter(Instant.now());
    return report;
  }

  private static JsonNode create(String kind, String format, String token) throws Exception {
    return post(body(kind, format), token);
  }

  private static String body(String kind, String format) {
    return "{\"kind\":\""
        + kind
        + "\",\"building\":\""
        + HQ
        + "\",\"from\":\""
        + FROM
        + "\",\"to\":\""
        + TO
        + "\",\"format\":\""
        + format
        + "\"}";
  }

  private static JsonNode post(String body, String token) throws Exception {
    ApiResponse response =
        analytics.send(
            ApiGatewayEvents.request("POST", "/analytics/reports").json(body).bearer(token));
    assertThat(response.status()).as(response.body()).isEqualTo(202);
    JsonNode created = response.json();
    assertThat(response.header("Location"))
        .isEqualTo("/analytics/reports/" + created.get("id").asText());
    assertThat(created.get("status").asText()).isEqualTo("pending");
    assertThat(created.get("taskId").asText()).isEqualTo(created.get("id").asText());
    return created;
  }

  private static JsonNode get(String id, String token) throws Exception {
    ApiResponse response = analytics.get("/analytics/reports/" + id, token);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  /** The file, through the presigned URL as a browser would fetch it. */
  private static byte[] download(JsonNode report) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<byte[]> file =
          http.send(
              HttpRequest.newBuilder(URI.create(report.get("downloadUrl").asText())).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(file.statusCode()).isEqualTo(200);
      return file.body();
    }
  }

  private static JsonNode summary() throws Exception {
    ApiResponse response =
        analytics.get(
            "/analytics/summary?building=Report%20HQ&from=" + FROM + "&to=" + TO, token("viewer"));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  /** As the PDF prints a figure: a dash for none. */
  private static String figure(JsonNode value, int decimals) {
    return value.isNull() ? "-" : fixed(value.asDouble(), decimals);
  }

  private static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String token(String role) {
    return TestTokens.token("user-" + role, TENANT, role);
  }

  private static String room(String id, String name, int capacity, double area, String thresholds)
      throws Exception {
    ObjectNode data = JSON.createObjectNode();
    data.put("roomId", id).put("name", name).put("building", HQ).put("floor", 1);
    data.put("areaM2", area).put("capacity", capacity);
    data.set("thresholds", JSON.readTree(thresholds));
    data.put("changedAt", "2025-03-01T00:00:00Z");
    ObjectNode event =
        envelope(
            UUID.randomUUID().toString(),
            "rooms",
            "room.changed.v1",
            id,
            "2025-03-01T00:00:00Z",
            data);
    assertMatchesEventContract(event);
    return event.toString();
  }

  private static ObjectNode reading(
      String sensor, String room, String type, String unit, double value, String timestamp) {
    ObjectNode data = JSON.createObjectNode();
    data.put("sensorId", sensor).put("roomId", room).put("tenantId", TENANT).put("type", type);
    data.put("unit", unit).put("value", value).put("timestamp", timestamp);
    String id =
        UUID.nameUUIDFromBytes(
                (TENANT + "/" + sensor + "/" + timestamp).getBytes(StandardCharsets.UTF_8))
            .toString();
    return envelope(id, "sensors", "sensor.reading.recorded.v1", sensor, timestamp, data);
  }

  private static String alert(String type, String alert, String raisedAt, String resolvedAt) {
    ObjectNode data = JSON.createObjectNode();
    data.put("alertId", alert).put("roomId", "r1").put("metric", "temperature");
    if (resolvedAt == null) {
      data.put("value", 26).putObject("threshold").put("max", 24);
      data.put("crossed", "max").put("raisedAt", raisedAt);
    } else {
      data.put("value", 23).put("raisedAt", raisedAt).put("resolvedAt", resolvedAt);
    }
    String at = resolvedAt == null ? raisedAt : resolvedAt;
    ObjectNode event = envelope(type + "-" + alert, "rooms", type, alert, at, data);
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
}
