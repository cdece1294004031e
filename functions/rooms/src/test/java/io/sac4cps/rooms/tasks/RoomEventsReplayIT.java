package io.sac4cps.rooms.tasks;

import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static io.sac4cps.testkit.tasks.TaskReportsReader.states;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.platform.tasks.TaskWorkHandler;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.tasks.TaskWorkFixture;
import io.sac4cps.testkit.tasks.TaskWorkMessages;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The backfill of room.changed.v1 ({@code room-events-replay}) through the platform's {@link
 * TaskWorkHandler}, against PostgreSQL, ElasticMQ, the SNS stand-in and Kafka: rooms that were
 * created before the event existed (written straight into the table, so no event was ever
 * published) are each published once, with their last change as {@code changedAt}, and only the
 * task's tenant's rooms.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS, Service.SNS, Service.KAFKA})
class RoomEventsReplayIT {
  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant CREATED = Instant.parse("2024-06-01T08:00:00Z");
  private static final Instant THRESHOLDS = Instant.parse("2024-09-15T12:30:00Z");

  private static Infrastructure infrastructure;
  private static SqsQueue inbox;
  private static TaskWorkFixture work;

  @BeforeAll
  static void start(Infrastructure infra) {
    infrastructure = infra;
    String topic = infra.snsTopic("room-events");
    inbox = infra.queue("room-events-replayed");
    infra.subscribe(topic, inbox, Map.of("RawMessageDelivery", "true"));
    work =
        TaskWorkFixture.start(
            infra,
            "rooms",
            RoomEventsReplay.KIND,
            rooms ->
                rooms
                    .property("sac4cps.sns.topic-arns.room-events", topic)
                    .property("sac4cps.sns.create-topics", true));
  }

  @AfterAll
  static void stop() {
    work.close();
  }

  @Test
  void everyRoomOfTheTenantIsPublishedOnceWithItsLastChange() throws Exception {
    String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    String other = "t-" + UUID.randomUUID().toString().substring(0, 8);
    // More rooms than one page, so the run spans pages (and checkpoints).
    int count = RoomEventsReplay.PAGE + 5;
    for (int i = 0; i < count; i++) {
      room(tenant, String.format("room-%03d", i), CREATED);
    }
    room(other, "room-elsewhere", CREATED);
    // room-001's thresholds were replaced later: that is its last change.
    threshold(tenant, "room-001", "temperature", 19.0, 25.0, THRESHOLDS);
    String task = "task-" + UUID.randomUUID();

    work.send(TaskWorkMessages.run(tenant, task, RoomEventsReplay.KIND, "{}"));
    List<JsonNode> reported = work.reports().awaitFinal(task, WITHIN);

    assertThat(states(reported)).last().isEqualTo("succeeded");
    reported.forEach(r -> assertMatchesEventContract(r));
    JsonNode last = reported.get(reported.size() - 1).get("data");
    assertThat(last.at("/progress/done").asLong()).isEqualTo(count);
    assertThat(last.at("/progress/total").asLong()).isEqualTo(count);
    assertThat(last.at("/result/summary").asText())
        .isEqualTo("room.changed.v1 published for " + count + " rooms");

    Map<String, JsonNode> published = new HashMap<>();
    for (JsonNode event : receive(count)) {
      assertMatchesEventContract(event);
      assertThat(event.get("type").asText()).isEqualTo("room.changed.v1");
      assertThat(event.get("tenantid").asText()).isEqualTo(tenant);
      assertThat(published.put(event.at("/data/roomId").asText(), event))
          .as("published once")
          .isNull();
    }
    assertThat(published).hasSize(count).doesNotContainKey("room-elsewhere");
    JsonNode plain = published.get("room-000").get("data");
    assertThat(plain.get("name").asText()).isEqualTo("Room room-000");
    assertThat(plain.get("building").asText()).isEqualTo("Old Wing");
    assertThat(plain.get("capacity").asInt()).isEqualTo(12);
    assertThat(Instant.parse(plain.get("changedAt").asText())).isEqualTo(CREATED);
    JsonNode changed = published.get("room-001").get("data");
    assertThat(Instant.parse(changed.get("changedAt").asText())).isEqualTo(THRESHOLDS);
    assertThat(changed.at("/thresholds/temperature/min").asDouble()).isEqualTo(19.0);
    assertThat(changed.at("/thresholds/temperature/max").asDouble()).isEqualTo(25.0);
  }

  private static List<JsonNode> receive(int expected) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (events.size() < expected && System.nanoTime() < deadline) {
      for (Message message :
          infrastructure
              .sqsClient()
              .receiveMessage(
                  r -> r.queueUrl(inbox.url()).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        events.add(JSON.readTree(message.body()));
        infrastructure
            .sqsClient()
            .deleteMessage(r -> r.queueUrl(inbox.url()).receiptHandle(message.receiptHandle()));
      }
    }
    // Nothing more arrives: each room once.
    Thread.sleep(1000);
    List<Message> more =
        infrastructure
            .sqsClient()
            .receiveMessage(r -> r.queueUrl(inbox.url()).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages();
    assertThat(more).isEmpty();
    assertThat(events).hasSize(expected);
    return events;
  }

  private static void room(String tenant, String id, Instant created) throws Exception {
    try (Connection c = connect();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO rooms.room (tenant_id, id, name, building, floor, area_m2, capacity,"
                    + " created_at) VALUES (?, ?, ?, 'Old Wing', 2, 30.0, 12, ?)")) {
      insert.setString(1, tenant);
      insert.setString(2, id);
      insert.setString(3, "Room " + id);
      insert.setTimestamp(4, Timestamp.from(created));
      insert.executeUpdate();
    }
  }

  private static void threshold(
      String tenant, String room, String metric, double min, double max, Instant at)
      throws Exception {
    try (Connection c = connect();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO rooms.room_threshold (tenant_id, room_id, metric, min, max,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, tenant);
      insert.setString(2, room);
      insert.setString(3, metric);
      insert.setDouble(4, min);
      insert.setDouble(5, max);
      insert.setTimestamp(6, Timestamp.from(at));
      insert.executeUpdate();
    }
  }

  private static Connection connect() throws Exception {
    var db = infrastructure.database();
    return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
  }
}
