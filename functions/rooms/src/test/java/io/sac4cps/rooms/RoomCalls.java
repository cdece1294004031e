package io.sac4cps.rooms;

import io.micronaut.json.JsonMapper;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.SensorReadingRecorded;
import io.sac4cps.contracts.events.Topics;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.rooms.events.SensorReadingsHandler;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.lambda.KafkaEvents;
import io.sac4cps.testkit.security.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * The rooms requests the ITs make again and again, each by a caller with a role that may make it,
 * sent through the test kit's {@link ApiFunction} (which checks them against the contract).
 */
public final class RoomCalls {
  private final ApiFunction rooms;

  public RoomCalls(ApiFunction rooms) {
    this.rooms = rooms;
  }

  /** The same calls with requests the contract forbids on purpose. */
  public RoomCalls violatingContract() {
    return new RoomCalls(rooms.violatingContract());
  }

  public static String token(String tenant, String... roles) {
    return TestTokens.token("user-" + tenant, tenant, roles);
  }

  public ApiResponse createRoom(String tenant, String json) {
    return rooms.send(
        ApiGatewayEvents.request("POST", "/rooms").json(json).bearer(token(tenant, "admin")));
  }

  /** Creates a room and returns its id. */
  public String newRoom(String tenant, String building, int floor) {
    ApiResponse created =
        createRoom(
            tenant,
            "{\"name\":\"Room\",\"building\":\"" + building + "\",\"floor\":" + floor + "}");
    if (created.status() != 201) {
      throw new AssertionError("room not created: " + created);
    }
    return created.json().get("id").asText();
  }

  public ApiResponse putThresholds(String tenant, String roomId, String json) {
    return rooms.send(
        ApiGatewayEvents.request("PUT", "/rooms/{id}/thresholds")
            .pathParameter("id", roomId)
            .json(json)
            .bearer(token(tenant, "operator")));
  }

  public ApiResponse metrics(String tenant, String roomId) {
    return rooms.send(
        ApiGatewayEvents.request("GET", "/rooms/{id}/metrics")
            .pathParameter("id", roomId)
            .bearer(token(tenant, "viewer")));
  }

  public ApiResponse history(String tenant, String roomId, Map<String, String> query) {
    ApiGatewayEvents.Request request =
        ApiGatewayEvents.request("GET", "/rooms/{id}/history")
            .pathParameter("id", roomId)
            .bearer(token(tenant, "viewer"));
    query.forEach(request::query);
    return rooms.send(request);
  }

  public ApiResponse acknowledge(String token, String alertId) {
    return rooms.send(
        ApiGatewayEvents.request("POST", "/alerts/{alertId}/ack")
            .pathParameter("alertId", alertId)
            .bearer(token));
  }

  /**
   * Raises a CO2 alert in the room the way readings do: a max of 1000 ppm, then readings of 1500
   * ppm consumed by the sensor.readings handler (a Lambda Kafka batch, no broker needed). Returns
   * the alert's id from the room's metrics.
   */
  public String raiseAlert(String tenant, String roomId) {
    if (putThresholds(tenant, roomId, "{\"co2\":{\"max\":1000}}").status() != 200) {
      throw new AssertionError("thresholds not set");
    }
    KafkaEvents.Event batch = KafkaEvents.selfManaged("localhost:9092");
    Instant t = Instant.now().minusSeconds(60);
    for (int i = 0; i < 3; i++) {
      batch.record(
          KafkaEvents.record(Topics.SENSOR_READINGS, 0, "co2-" + roomId, reading(tenant, roomId, t))
              .offset(i));
      t = t.plusSeconds(10);
    }
    new SensorReadingsHandler(rooms.context())
        .handleRequest(batch.build(), LocalLambdaContext.of("rooms-sensor-readings"));
    ApiResponse metrics = metrics(tenant, roomId);
    if (metrics.json().get("activeAlerts").isEmpty()) {
      throw new AssertionError("no alert raised: " + metrics);
    }
    return metrics.json().at("/activeAlerts/0/id").asText();
  }

  private String reading(String tenant, String roomId, Instant at) {
    String sensor = "co2-" + roomId;
    try {
      return rooms
          .context()
          .getBean(JsonMapper.class)
          .writeValueAsString(
              CloudEvent.of(
                  SensorReadingRecorded.TYPE,
                  "sensors",
                  sensor,
                  tenant,
                  at,
                  new SensorReadingRecorded(sensor, roomId, tenant, "co2", "ppm", 1500, at)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
