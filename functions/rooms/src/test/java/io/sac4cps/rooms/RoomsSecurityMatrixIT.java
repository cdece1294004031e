package io.sac4cps.rooms;

import io.sac4cps.contracts.api.Operation;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import io.sac4cps.testkit.security.matrix.MatrixTarget;
import io.sac4cps.testkit.security.matrix.SecurityMatrix;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rooms operation of contracts/openapi.yaml against every kind of wrong caller, generated
 * from the contract: a new route is covered without touching this class.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class RoomsSecurityMatrixIT {
  private static final String TENANT_A = "tenant-a-" + UUID.randomUUID();
  private static final String TENANT_B = "tenant-b-" + UUID.randomUUID();
  private static ApiFunction rooms;
  private static String room;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    Map<String, Object> properties = new HashMap<>(infrastructure.properties());
    properties.put("sac4cps.sns.create-topics", true);
    rooms = ApiFunction.builder("rooms").properties(properties).start();
    room = new RoomCalls(rooms).newRoom(TENANT_A, "HQ", 1);
  }

  @AfterAll
  static void stop() {
    rooms.close();
  }

  @TestFactory
  Stream<DynamicNode> securityMatrix() {
    return SecurityMatrix.forFunction("rooms")
        .tests(
            MatrixTarget.of(rooms),
            new MatrixFixture() {
              @Override
              public String tenantA() {
                return TENANT_A;
              }

              @Override
              public String tenantB() {
                return TENANT_B;
              }

              @Override
              public Map<String, String> pathParameters(Operation operation) {
                return Map.of("id", room);
              }

              @Override
              public Map<String, String> queryParameters(Operation operation) {
                return operation.operationId().equals("getRoomHistory")
                    ? Map.of("metric", "temperature")
                    : Map.of();
              }

              @Override
              public String body(Operation operation) {
                return switch (operation.operationId()) {
                  case "createRoom" ->
                      "{\"name\":\"Matrix\",\"building\":\"HQ\",\"floor\":2,\"areaM2\":20,\"capacity\":4}";
                  case "putRoomThresholds" -> "{\"temperature\":{\"min\":18,\"max\":26}}";
                  default -> null;
                };
              }
            });
  }
}
