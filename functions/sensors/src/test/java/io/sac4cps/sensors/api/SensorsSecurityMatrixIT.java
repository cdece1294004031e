package io.sac4cps.sensors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.sensors.AnnouncedRooms;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.security.matrix.FunctionSecurityMatrix;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every sensors operation of contracts/openapi.yaml against every kind of wrong caller, generated
 * from the contract: a new route is covered without touching this class. Tenant A owns one sensor;
 * bodies are valid and new on every call.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class SensorsSecurityMatrixIT extends FunctionSecurityMatrix {
  private static final String TENANT_A = "tenant-a-" + UUID.randomUUID();
  private static final String TENANT_B = "tenant-b-" + UUID.randomUUID();
  private static final String SENSOR = "matrix-sensor";

  SensorsSecurityMatrixIT() {
    super("sensors");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    return ApiFunction.builder("sensors").properties(infrastructure.properties()).start();
  }

  @Override
  protected MatrixFixture fixture(ApiFunction sensors) {
    return tenantA(sensors);
  }

  /** Tenant A's sensor and valid bodies; shared with {@link SensorsRobustnessIT}. */
  static MatrixFixture tenantA(ApiFunction sensors) {
    AnnouncedRooms.announce(sensors, TENANT_A, "room-1");
    var created =
        sensors.post(
            "/sensors",
            TestTokens.token("admin", TENANT_A, "admin"),
            "{\"id\":\""
                + SENSOR
                + "\",\"roomId\":\"room-1\",\"type\":\"temperature\",\"unit\":\"°C\"}");
    assertThat(created.status()).isEqualTo(201);
    AtomicLong sequence = new AtomicLong();
    return MatrixFixture.builder(TENANT_A, TENANT_B)
        .pathParameters(Map.of("id", SENSOR))
        .body(
            "createSensor",
            () ->
                "{\"id\":\"m-"
                    + sequence.incrementAndGet()
                    + "\",\"roomId\":\"room-1\",\"type\":\"co2\",\"unit\":\"ppm\"}")
        .body(
            "recordSensorData",
            () ->
                "{\"sensorId\":\""
                    + SENSOR
                    + "\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":"
                    + (20 + sequence.incrementAndGet() % 5)
                    + "}")
        .build();
  }
}
