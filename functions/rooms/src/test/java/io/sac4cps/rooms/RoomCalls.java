package io.sac4cps.rooms;

import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.security.TestTokens;
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
}
