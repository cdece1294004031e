package io.sac4cps.sensors;

import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.sensors.events.RoomEventsQueueHandler;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.SqsEvents;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * Rooms as the rooms function announces them (room.changed.v1 on SNS room-events, raw delivery to
 * SQS sensors-rooms), handed to sensors' queue handler: a sensor can then be registered in them.
 */
public final class AnnouncedRooms {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnnouncedRooms() {}

  /** Each room of the tenant announced once, as created now; asserts the handler took them all. */
  public static void announce(ApiFunction sensors, String tenant, String... rooms) {
    String[] bodies =
        Arrays.stream(rooms)
            .map(room -> roomChanged(tenant, room, Instant.now()))
            .toArray(String[]::new);
    SQSBatchResponse response =
        new RoomEventsQueueHandler(sensors.context())
            .handleRequest(SqsEvents.eventOfBodies(bodies), LocalLambdaContext.of("sensors"));
    assertThat(response.getBatchItemFailures()).isEmpty();
  }

  /**
   * A sensor registered by {@code admin} (POST /sensors with these fields) in its {@code roomId},
   * which is announced first; asserts the 201.
   */
  public static void registerSensor(
      ApiFunction sensors, String tenant, String admin, Map<String, String> sensor) {
    announce(sensors, tenant, sensor.get("roomId"));
    String body;
    try {
      body = JSON.writeValueAsString(sensor);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    assertThat(sensors.post("/sensors", admin, body).status()).as("POST /sensors").isEqualTo(201);
  }

  /** The CloudEvent rooms publishes for the room as it is at {@code changedAt}. */
  public static String roomChanged(String tenant, String room, Instant changedAt) {
    ObjectNode event = JSON.createObjectNode();
    event.put("specversion", "1.0").put("id", UUID.randomUUID().toString());
    event.put("source", "/sac4cps/rooms").put("type", "room.changed.v1");
    event.put("time", changedAt.toString()).put("subject", room);
    event.put("datacontenttype", "application/json").put("tenantid", tenant);
    ObjectNode data = event.putObject("data");
    data.put("roomId", room).put("name", "Room " + room).put("building", "HQ").put("floor", 1);
    data.putObject("thresholds");
    data.put("changedAt", changedAt.toString());
    assertMatchesEventContract(event);
    return event.toString();
  }
}
