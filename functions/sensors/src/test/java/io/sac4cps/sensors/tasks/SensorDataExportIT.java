package io.sac4cps.sensors.tasks;

import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static io.sac4cps.testkit.tasks.TaskReportsReader.states;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sac4cps.platform.tasks.TaskWorkHandler;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.tasks.TaskWorkFixture;
import io.sac4cps.testkit.tasks.TaskWorkMessages;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * sensors runs {@code sensor-data-export} through the platform's {@link TaskWorkHandler}, against
 * PostgreSQL, ElasticMQ, Kafka and the embedded S3 server: the test sends the work as tasks would
 * and reads the reports and the file.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS, Service.KAFKA, Service.S3})
class SensorDataExportIT {
  private static final Duration WITHIN = Duration.ofSeconds(90);
  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Infrastructure infrastructure;
  private static TaskWorkFixture work;
  private static String bucket;
  private final String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start(Infrastructure infra) {
    infrastructure = infra;
    bucket = infra.bucket();
    work =
        TaskWorkFixture.start(
            infra,
            "sensors",
            SensorDataExport.KIND,
            sensors ->
                sensors
                    .property("sac4cps.s3.buckets.reports", bucket)
                    .property("sac4cps.tasks.progress-interval", "100ms")
                    .property("sac4cps.tasks.cancel-poll-interval", "100ms")
                    .property("sac4cps.sensors.export.page-rows", 5000)
                    .property("sac4cps.sensors.export.part-bytes", 5 * 1024 * 1024)
                    // A run hands over at a checkpoint with less than 2.5 s left.
                    .property("sac4cps.tasks.time-budget", "2500ms"));
  }

  @AfterAll
  static void stop() {
    work.close();
  }

  @Test
  void exportsOneSensorAsCsvWithExactlyItsReadingsInThePeriod() throws Exception {
    sensor("s-1", "room-a");
    sensor("s-2", "room-a");
    readings("s-1", FROM.minusSeconds(600), 3, 60); // before the period
    readings("s-1", FROM, 1000, 60);
    readings("s-2", FROM, 50, 60); // another sensor
    String task = taskId();

    List<JsonNode> reported = export(task, "{\"sensorId\":\"s-1\"", "csv");

    assertThat(states(reported)).last().isEqualTo("succeeded");
    JsonNode file = reported.get(reported.size() - 1).get("data").get("result").get("file");
    String csv = new String(object(file.get("key").asText()), StandardCharsets.UTF_8);
    List<String> lines = csv.lines().toList();
    assertThat(lines).hasSize(1001);
    assertThat(lines.get(0)).isEqualTo("sensorId,timestamp,value");
    assertThat(lines.get(1)).isEqualTo("s-1," + FROM + ",0.5");
    assertThat(lines.get(1000)).isEqualTo("s-1," + FROM.plusSeconds(999 * 60) + ",999.5");
    assertThat(lines.subList(1, 1001)).allSatisfy(l -> assertThat(l).startsWith("s-1,"));
    assertThat(file.get("name").asText()).isEqualTo("readings.csv");
    assertThat(file.get("contentType").asText()).isEqualTo("text/csv");
    assertThat(file.get("sizeBytes").asLong())
        .isEqualTo(csv.getBytes(StandardCharsets.UTF_8).length);
    assertThat(file.get("key").asText())
        .isEqualTo("tenants/" + tenant + "/tasks/" + task + "/readings.csv");
  }

  @Test
  void exportsARoomsSensorsAsJsonLines() throws Exception {
    sensor("r-1", "room-b");
    sensor("r-2", "room-b");
    sensor("elsewhere", "room-c");
    readings("r-1", FROM, 300, 60);
    readings("r-2", FROM, 200, 60);
    readings("elsewhere", FROM, 100, 60);
    String task = taskId();

    List<JsonNode> reported = export(task, "{\"roomId\":\"room-b\"", "jsonl");

    assertThat(states(reported)).last().isEqualTo("succeeded");
    JsonNode data = reported.get(reported.size() - 1).get("data");
    assertThat(data.get("result").get("summary").asText()).isEqualTo("500 readings");
    List<String> lines =
        new String(
                object(data.get("result").get("file").get("key").asText()), StandardCharsets.UTF_8)
            .lines()
            .toList();
    assertThat(lines).hasSize(500);
    Set<String> keys = new HashSet<>();
    for (String line : lines) {
      JsonNode row = JSON.readTree(line);
      assertThat(row.get("sensorId").asText()).isIn("r-1", "r-2");
      assertThat(row.get("value").isNumber()).isTrue();
      keys.add(row.get("sensorId").asText() + "@" + Instant.parse(row.get("timestamp").asText()));
    }
    assertThat(keys).hasSize(500);
  }

  @Test
  void aLargeExportSpansPartsAndInvocationsWithoutDuplicates() throws Exception {
    sensor("big", "room-d");
    readings("big", FROM, 300_000, 1); // about 13 MB of CSV: three parts of at least 5 MiB
    String task = taskId();
    // 2.52 s per invocation and a 2.5 s budget: an invocation hands over at its first checkpoint
    // (a 5 MiB part uploaded) unless that came within 20 ms, so the export spans invocations
    // however fast the machine is (with 0.5 s to spare, a fast machine exported all three parts
    // in one invocation).
    work.source().invocationTimeout(Duration.ofMillis(2520));
    List<JsonNode> reported;
    try {
      reported = export(task, "{", "csv");
    } finally {
      work.source().invocationTimeout(Duration.ofSeconds(60));
    }

    assertThat(states(reported)).last().isEqualTo("succeeded");
    assertThat(work.source().deliveriesOf(task).size()).as("invocations").isGreaterThan(1);
    String key =
        reported.get(reported.size() - 1).get("data").get("result").get("file").get("key").asText();
    List<String> lines = new String(object(key), StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(300_001);
    Set<String> distinct = new HashSet<>(lines);
    assertThat(distinct).hasSize(300_001);
    for (int i = 1; i < lines.size(); i++) {
      assertThat(lines.get(i)).startsWith("big," + FROM.plusSeconds(i - 1) + ",");
    }
  }

  @Test
  void aCancelledExportStopsWithinSecondsAndLeavesNoFile() throws Exception {
    sensor("huge", "room-e");
    readings("huge", FROM, 600_000, 1);
    String task = taskId();
    sendRun(task, "{", "csv");
    work.reports()
        .await(
            task,
            r ->
                r.stream()
                    .anyMatch(
                        x ->
                            x.get("data").has("progress")
                                && x.get("data").get("progress").get("done").asLong() > 0),
            WITHIN);
    Instant cancelled = Instant.now();
    work.send(TaskWorkMessages.cancel(tenant, task, SensorDataExport.KIND));

    List<JsonNode> reported = work.reports().awaitFinal(task, WITHIN);

    assertThat(states(reported)).last().isEqualTo("cancelled");
    assertThat(Duration.between(cancelled, Instant.now())).isLessThan(Duration.ofSeconds(5));
    reported.forEach(r -> assertMatchesEventContract(r));
    String key = "tenants/" + tenant + "/tasks/" + task + "/readings.csv";
    assertThat(
            infrastructure
                .s3Client()
                .listMultipartUploads(b -> b.bucket(bucket).prefix(key))
                .uploads())
        .isEmpty();
    try {
      object(key);
      throw new AssertionError("a cancelled export left a file at " + key);
    } catch (NoSuchKeyException expected) {
      // No file: the upload was aborted.
    }
  }

  // ---- helpers ----

  private List<JsonNode> export(String task, String scopeJsonStart, String format)
      throws Exception {
    sendRun(task, scopeJsonStart, format);
    List<JsonNode> reported = work.reports().awaitFinal(task, WITHIN);
    for (int i = 0; i < reported.size(); i++) {
      assertMatchesEventContract(reported.get(i));
      assertThat(reported.get(i).get("data").get("sequence").asLong()).isEqualTo(i + 1L);
    }
    return reported;
  }

  private void sendRun(String task, String scopeJsonStart, String format) {
    String params =
        scopeJsonStart
            + (scopeJsonStart.equals("{") ? "" : ",")
            + "\"from\":\""
            + FROM
            + "\",\"to\":\""
            + TO
            + "\",\"format\":\""
            + format
            + "\"}";
    work.send(TaskWorkMessages.run(tenant, task, SensorDataExport.KIND, params));
  }

  private static byte[] object(String key) {
    return infrastructure.s3Client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  private void sensor(String id, String room) throws Exception {
    try (Connection c = connect();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO sensors.sensor (tenant_id, id, room_id, type, unit)"
                    + " VALUES (?, ?, ?, 'temperature', 'C')")) {
      insert.setString(1, tenant);
      insert.setString(2, id);
      insert.setString(3, room);
      insert.executeUpdate();
    }
  }

  /** {@code count} readings every {@code stepSeconds} from {@code start}, values n + 0.5. */
  private void readings(String sensor, Instant start, int count, int stepSeconds) throws Exception {
    try (Connection c = connect();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO sensors.reading (tenant_id, sensor_id, ts, value)"
                    + " SELECT ?, ?, ?::timestamptz + n * make_interval(secs => ?), n + 0.5"
                    + " FROM generate_series(0, ? - 1) AS n")) {
      insert.setString(1, tenant);
      insert.setString(2, sensor);
      insert.setString(3, start.toString());
      insert.setInt(4, stepSeconds);
      insert.setInt(5, count);
      insert.executeUpdate();
    }
  }

  private static String taskId() {
    return "tsk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  private static Connection connect() throws Exception {
    var db = infrastructure.database();
    return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
  }
}
