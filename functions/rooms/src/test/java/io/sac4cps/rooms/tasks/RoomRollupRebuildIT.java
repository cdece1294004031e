package io.sac4cps.rooms.tasks;

import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static io.sac4cps.testkit.tasks.TaskReportsReader.states;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.platform.tasks.TaskWorkHandler;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.tasks.TaskWorkFixture;
import io.sac4cps.testkit.tasks.TaskWorkMessages;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * rooms runs {@code room-rollup-rebuild} through the platform's {@link TaskWorkHandler}, against
 * PostgreSQL, ElasticMQ and Kafka: hour rollups are rebuilt from the minute rollups, and a second
 * run changes nothing.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS, Service.SNS, Service.KAFKA})
class RoomRollupRebuildIT {
  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final Instant DAY = Instant.parse("2026-05-10T00:00:00Z");

  private static Infrastructure infrastructure;
  private static TaskWorkFixture work;
  private final String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start(Infrastructure infra) {
    infrastructure = infra;
    work =
        TaskWorkFixture.start(
            infra,
            "rooms",
            RoomRollupRebuild.KIND,
            rooms ->
                rooms
                    .property("sac4cps.sns.create-topics", true)
                    .property("sac4cps.tasks.time-budget", "1s"));
  }

  @AfterAll
  static void stop() {
    work.close();
  }

  @Test
  void rebuildsTheHourRollupsOfARoomFromItsMinutesAndAgainChangesNothing() throws Exception {
    // Two days of minutes: 20 per hour for 48 hours, values that make each hour distinct.
    minutes("room-1", DAY, 48 * 60, 3);
    minutes("room-2", DAY, 60, 3);
    // A stale hour (late data came after it was rolled up) and another room's hour to leave alone.
    hour("room-1", DAY.plusSeconds(5 * 3600), 1, 1.0);
    hour("room-2", DAY, 1, 1.0);

    List<JsonNode> first = rebuild("room-1", DAY, DAY.plus(Duration.ofDays(2)));

    assertThat(states(first)).last().isEqualTo("succeeded");
    assertThat(first.get(first.size() - 1).get("data").get("result").get("summary").asText())
        .isEqualTo("48 hour rollups of room room-1 rebuilt");
    List<String> rebuilt = hours("room-1");
    assertThat(rebuilt).hasSize(48).isEqualTo(expectedHours("room-1"));
    assertThat(hours("room-2")).containsExactly(DAY + " count=1 sum=1.0 min=1.0 max=1.0");

    List<JsonNode> second = rebuild("room-1", DAY, DAY.plus(Duration.ofDays(2)));
    assertThat(states(second)).last().isEqualTo("succeeded");
    assertThat(hours("room-1")).isEqualTo(rebuilt);
  }

  @Test
  void aRebuildWithoutItsRoomFailsAtOnceWithAProblem() throws Exception {
    String task = taskId();
    work.send(
        TaskWorkMessages.run(
            tenant,
            task,
            RoomRollupRebuild.KIND,
            "{\"from\":\"" + DAY + "\",\"to\":\"" + DAY + "\"}"));

    List<JsonNode> reported = work.reports().awaitFinal(task, WITHIN);

    assertThat(states(reported)).containsExactly("running", "failed");
    assertThat(reported.get(1).get("data").get("error").get("title").asText())
        .isEqualTo("Task rejected");
    assertThat(reported.get(1).get("data").get("error").get("detail").asText())
        .contains("roomId is required");
  }

  private List<JsonNode> rebuild(String room, Instant from, Instant to) throws Exception {
    String task = taskId();
    work.send(
        TaskWorkMessages.run(
            tenant,
            task,
            RoomRollupRebuild.KIND,
            "{\"roomId\":\"" + room + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}"));
    List<JsonNode> reported = work.reports().awaitFinal(task, WITHIN);
    for (int i = 0; i < reported.size(); i++) {
      assertMatchesEventContract(reported.get(i));
      assertThat(reported.get(i).get("data").get("sequence").asLong()).isEqualTo(i + 1L);
    }
    return reported;
  }

  /** {@code count} minute rollups of metric temperature from {@code start}, each of 3 readings. */
  private void minutes(String room, Instant start, int count, int readings) throws Exception {
    try (Connection c = connect();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO rooms.rollup_minute (tenant_id, room_id, metric, bucket, count, sum,"
                    + " min, max) SELECT ?, ?, 'temperature', ?::timestamptz + n * interval '1"
                    + " minute', ?, n * ?, n - 1, n + 1 FROM generate_series(0, ? - 1) AS n")) {
      insert.setString(1, tenant);
      insert.setString(2, room);
      insert.setString(3, start.toString());
      insert.setInt(4, readings);
      insert.setInt(5, readings);
      insert.setInt(6, count);
      insert.executeUpdate();
    }
  }

  private void hour(String room, Instant bucket, long count, double value) throws Exception {
    try (Connection c = connect();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO rooms.rollup_hour (tenant_id, room_id, metric, bucket, count, sum, min,"
                    + " max) VALUES (?, ?, 'temperature', ?::timestamptz, ?, ?, ?, ?)")) {
      insert.setString(1, tenant);
      insert.setString(2, room);
      insert.setString(3, bucket.toString());
      insert.setLong(4, count);
      insert.setDouble(5, value * count);
      insert.setDouble(6, value);
      insert.setDouble(7, value);
      insert.executeUpdate();
    }
  }

  private List<String> hours(String room) throws Exception {
    return rows(
        "SELECT bucket, count, sum, min, max FROM rooms.rollup_hour WHERE tenant_id = ? AND room_id"
            + " = ? ORDER BY bucket",
        room);
  }

  /** The hours as the minutes add up, computed independently of the runner's statement. */
  private List<String> expectedHours(String room) throws Exception {
    return rows(
        "SELECT date_bin('1 hour', bucket, timestamptz '2000-01-01') AS b, sum(count), sum(sum),"
            + " min(min), max(max) FROM rooms.rollup_minute WHERE tenant_id = ? AND room_id = ?"
            + " GROUP BY b ORDER BY b",
        room);
  }

  private List<String> rows(String query, String room) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement q = c.prepareStatement(query)) {
      q.setString(1, tenant);
      q.setString(2, room);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(
              rs.getTimestamp(1).toInstant()
                  + " count="
                  + rs.getLong(2)
                  + " sum="
                  + rs.getDouble(3)
                  + " min="
                  + rs.getDouble(4)
                  + " max="
                  + rs.getDouble(5));
        }
      }
    }
    return rows;
  }

  private static String taskId() {
    return "tsk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  private static Connection connect() throws Exception {
    var db = infrastructure.database();
    return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
  }
}
