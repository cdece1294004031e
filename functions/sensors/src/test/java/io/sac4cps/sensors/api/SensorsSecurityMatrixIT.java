package io.sac4cps.sensors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.api.Operation;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import io.sac4cps.testkit.security.matrix.MatrixTarget;
import io.sac4cps.testkit.security.matrix.SecurityMatrix;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sensors operation of contracts/openapi.yaml against every kind of wrong caller, generated
 * from the contract: a new route is covered without touching this class.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class SensorsSecurityMatrixIT {
  private static ApiFunction sensors;
  private static final String TENANT_A = "tenant-a-" + UUID.randomUUID();
  private static final String TENANT_B = "tenant-b-" + UUID.randomUUID();
  private static final String SENSOR = "matrix-sensor";

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    sensors = ApiFunction.builder("sensors").properties(infrastructure.properties()).start();
    var created =
        sensors.post(
            "/sensors",
            TestTokens.token("admin", TENANT_A, "admin"),
            "{\"id\":\""
                + SENSOR
                + "\",\"roomId\":\"room-1\",\"type\":\"temperature\",\"unit\":\"°C\"}");
    assertThat(created.status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    sensors.close();
  }

  @TestFactory
  Stream<DynamicNode> securityMatrix() {
    return SecurityMatrix.forFunction("sensors").tests(MatrixTarget.of(sensors), new Fixture());
  }

  /** Tenant A owns one sensor; bodies are valid and new on every call. */
  private static final class Fixture implements MatrixFixture {
    private final AtomicLong sequence = new AtomicLong();

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
      return Map.of("id", SENSOR);
    }

    @Override
    public String body(Operation operation) {
      long n = sequence.incrementAndGet();
      return switch (operation.operationId()) {
        case "createSensor" ->
            "{\"id\":\"m-" + n + "\",\"roomId\":\"room-1\",\"type\":\"co2\",\"unit\":\"ppm\"}";
        case "recordSensorData" ->
            "{\"sensorId\":\""
                + SENSOR
                + "\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":"
                + (20 + n % 5)
                + "}";
        default -> null;
      };
    }
  }
}
