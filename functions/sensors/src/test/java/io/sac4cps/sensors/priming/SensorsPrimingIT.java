package io.sac4cps.sensors.priming;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.platform.outbox.OutboxRelay;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.snapshot.SnapshotCheck;
import org.junit.jupiter.api.Test;

/** sensors' SnapStart hooks on real PostgreSQL and Kafka: priming leaves nothing behind. */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class SensorsPrimingIT {

  @Test
  void primingWritesNothingHoldsNoConnectionAndTheFunctionServesAfterTheRestore(
      Infrastructure infrastructure) throws Exception {
    try (PrimingSensors primed = PrimingSensors.start(infrastructure, "p-1")) {
      ApiFunction sensors = primed.sensors();
      String admin = primed.admin();
      // Sensor p-1 was made by a served request, so the pool holds a connection the checkpoint
      // must close.

      // A reading too: its event is published by the request, so the outbox producer exists, and
      // the checkpoint must close it (decision 0009).
      assertThat(sensors.post("/sensors/data", admin, reading("2026-03-01T00:00:00Z")).status())
          .isEqualTo(202);
      assertThat(sensors.bean(OutboxRelay.class).pending()).isZero();

      SnapshotCheck.checkpointAndRestore(sensors, infrastructure.database(), "sensors");

      assertThat(sensors.get("/sensors/p-1", admin).status()).isEqualTo(200);
      // The restored instance's own producer (started by afterRestore) publishes the next event
      // before the request answers.
      assertThat(sensors.post("/sensors/data", admin, reading("2026-03-01T00:01:00Z")).status())
          .isEqualTo(202);
      assertThat(sensors.bean(OutboxRelay.class).pending()).as("events left unpublished").isZero();
    }
  }

  private static String reading(String timestamp) {
    return "{\"sensorId\":\"p-1\",\"timestamp\":\"" + timestamp + "\",\"value\":400}";
  }
}
