package io.sac4cps.sensors.api;

import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.robustness.FunctionRobustness;
import io.sac4cps.testkit.robustness.RobustnessFixture;

/**
 * Every sensors operation and field of contracts/openapi.yaml with generated bad and boundary input
 * (ContractRobustness): a new route or field is covered without touching this class.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class SensorsRobustnessIT extends FunctionRobustness {

  SensorsRobustnessIT() {
    super("sensors");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    // A room the generated input names but nobody announced is refused at once, not after the wait
    // for a room just created (decision 0039).
    return ApiFunction.builder("sensors")
        .properties(infrastructure.properties())
        .property("sensors.rooms.arrival-wait", "0s")
        .start();
  }

  @Override
  protected RobustnessFixture fixture(ApiFunction sensors) {
    return RobustnessFixture.of(SensorsSecurityMatrixIT.tenantA(sensors))
        .body(
            "recordSensorData",
            () ->
                "{\"readings\":[{\"sensorId\":\"matrix-sensor\","
                    + "\"timestamp\":\"2026-01-01T00:01:00Z\",\"value\":21.5}]}")
        // The description of POST /sensors/data: the sensor must be the caller's, the timestamp
        // not in the future, the value plausible for the sensor's type.
        // The description of POST /sensors: the room must be one of the caller's organisation.
        .domainRule("createSensor", "roomId")
        .domainRule(
            "recordSensorData",
            "sensorId",
            "timestamp",
            "value",
            "readings[].sensorId",
            "readings[].timestamp",
            "readings[].value")
        .build();
  }
}
