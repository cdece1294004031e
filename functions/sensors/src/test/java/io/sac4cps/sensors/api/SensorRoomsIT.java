package io.sac4cps.sensors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.sensors.AnnouncedRooms;
import io.sac4cps.sensors.events.RoomEventsQueueHandler;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.lambda.SqsEvents;
import io.sac4cps.testkit.security.TestTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sensor is registered only in a room of the caller's organisation, as sensors learns them from
 * room.changed.v1 (decision 0039), through the Lambda handlers on real PostgreSQL.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class SensorRoomsIT {
  private static final long ARRIVAL_WAIT_MS = 2_000;
  private static ApiFunction sensors;
  private final String tenant = "tenant-" + UUID.randomUUID();
  private final String admin = TestTokens.token("admin-1", tenant, "admin");

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    sensors =
        ApiFunction.builder("sensors")
            .properties(infrastructure.properties())
            .property("sensors.rooms.arrival-wait", ARRIVAL_WAIT_MS + "ms")
            .start();
  }

  @AfterAll
  static void stop() {
    sensors.close();
  }

  @Test
  void aSensorInARoomNobodyCreatedIsRefusedNamingTheRoomAndIsNotStored() {
    long started = System.nanoTime();
    ApiResponse refused = create("s-1", "no-such-room");
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(fields(refused)).containsExactly("roomId");
    assertThat(refused.text("detail")).contains("no-such-room").contains("retry");
    assertThat(tookMs)
        .as("waits for a room just created, then answers")
        .isBetween(ARRIVAL_WAIT_MS, ARRIVAL_WAIT_MS + 3_000);
    assertThat(sensors.get("/sensors/s-1", admin).status()).isEqualTo(404);
  }

  @Test
  void aSensorInAnotherOrganisationsRoomIsRefusedAsIfTheRoomDidNotExist() {
    String other = "tenant-" + UUID.randomUUID();
    AnnouncedRooms.announce(sensors, other, "their-room");

    ApiResponse refused = create("s-2", "their-room");

    assertThat(refused.status()).isEqualTo(422);
    assertThat(fields(refused)).containsExactly("roomId");
    assertThat(sensors.get("/sensors/s-2", admin).status()).isEqualTo(404);
    String theirs = TestTokens.token("admin-2", other, "admin");
    assertThat(
            sensors
                .post(
                    "/sensors",
                    theirs,
                    "{\"id\":\"s-2\",\"roomId\":\"their-room\",\"type\":\"co2\",\"unit\":\"ppm\"}")
                .status())
        .as("the room's own organisation may")
        .isEqualTo(201);
  }

  @Test
  void aRoomAnnouncedWhileTheRequestWaitsIsFoundSoCreateRoomThenSensorJustWorks() {
    // The event arrives half a second after the request: SNS → SQS → the consumer's invocation.
    CompletableFuture<Void> arrival =
        CompletableFuture.runAsync(
            () -> AnnouncedRooms.announce(sensors, tenant, "new-room"),
            CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));

    ApiResponse created = create("s-3", "new-room");
    arrival.join();

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.text("roomId")).isEqualTo("new-room");
    assertThat(sensors.get("/sensors/s-3", admin).status()).isEqualTo(200);
  }

  @Test
  void aRoomAnnouncedTwiceOrOutOfOrderStaysKnown() {
    Instant older = Instant.parse("2026-01-01T00:00:00Z");
    String newest = AnnouncedRooms.roomChanged(tenant, "twice", older.plusSeconds(60));
    var delivered =
        SqsEvents.eventOfBodies(newest, newest, AnnouncedRooms.roomChanged(tenant, "twice", older));
    var response =
        new RoomEventsQueueHandler(sensors.context())
            .handleRequest(delivered, LocalLambdaContext.of("sensors"));
    assertThat(response.getBatchItemFailures()).isEmpty();

    assertThat(create("s-4", "twice").status()).isEqualTo(201);
  }

  private ApiResponse create(String id, String room) {
    return sensors.post(
        "/sensors",
        admin,
        "{\"id\":\"" + id + "\",\"roomId\":\"" + room + "\",\"type\":\"co2\",\"unit\":\"ppm\"}");
  }

  @SuppressWarnings("unchecked")
  private static List<String> fields(ApiResponse problem) {
    return ((List<Map<String, Object>>) problem.jsonMap().getOrDefault("errors", List.of()))
        .stream().map(e -> (String) e.get("field")).toList();
  }
}
