package io.sac4cps.sensors.priming;

import io.sac4cps.sensors.AnnouncedRooms;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.TestTokens;
import java.util.Map;
import java.util.UUID;

/**
 * sensors as its priming ITs start it: on the embedded servers, a new tenant's room announced and
 * one sensor in it made by a served request, so the pool holds a connection the checkpoint must
 * close.
 */
record PrimingSensors(ApiFunction sensors, String tenant, String admin) implements AutoCloseable {

  /** Sensor {@code sensorId}, a CO2 sensor in room {@code r-1}, exists. */
  static PrimingSensors start(Infrastructure infrastructure, String sensorId) {
    String tenant = "tenant-" + UUID.randomUUID();
    String admin = TestTokens.token("admin-1", tenant, "admin");
    ApiFunction sensors =
        ApiFunction.builder("sensors").properties(infrastructure.properties()).start();
    try {
      AnnouncedRooms.registerSensor(
          sensors,
          tenant,
          admin,
          Map.of("id", sensorId, "roomId", "r-1", "type", "co2", "unit", "ppm"));
    } catch (RuntimeException | AssertionError e) {
      sensors.close();
      throw e;
    }
    return new PrimingSensors(sensors, tenant, admin);
  }

  @Override
  public void close() {
    sensors.close();
  }
}
