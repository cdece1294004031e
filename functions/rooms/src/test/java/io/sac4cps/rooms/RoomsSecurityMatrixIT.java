package io.sac4cps.rooms;

import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.matrix.FunctionSecurityMatrix;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import java.util.Map;
import java.util.UUID;

/**
 * Every rooms operation of contracts/openapi.yaml against every kind of wrong caller, generated
 * from the contract: a new route is covered without touching this class.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class RoomsSecurityMatrixIT extends FunctionSecurityMatrix {
  private static final String TENANT_A = "tenant-a-" + UUID.randomUUID();
  private static final String TENANT_B = "tenant-b-" + UUID.randomUUID();

  RoomsSecurityMatrixIT() {
    super("rooms");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    return ApiFunction.builder("rooms")
        .properties(infrastructure.properties())
        .property("sac4cps.sns.create-topics", true)
        .start();
  }

  @Override
  protected MatrixFixture fixture(ApiFunction rooms) {
    return tenantA(rooms);
  }

  /** Tenant A's room with an alert, and valid bodies; shared with {@link RoomsRobustnessIT}. */
  static MatrixFixture tenantA(ApiFunction rooms) {
    RoomCalls calls = new RoomCalls(rooms);
    String room = calls.newRoom(TENANT_A, "HQ", 1);
    String alert = calls.raiseAlert(TENANT_A, room);
    return MatrixFixture.builder(TENANT_A, TENANT_B)
        .pathParameters(Map.of("id", room, "alertId", alert))
        .queryParameters("getRoomHistory", Map.of("metric", "temperature"))
        .body(
            "createRoom",
            () ->
                "{\"name\":\"Matrix\",\"building\":\"HQ\",\"floor\":2,\"areaM2\":20,\"capacity\":4}")
        .body("putRoomThresholds", () -> "{\"temperature\":{\"min\":18,\"max\":26}}")
        .build();
  }
}
