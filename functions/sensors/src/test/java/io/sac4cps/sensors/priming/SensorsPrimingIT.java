package io.sac4cps.sensors.priming;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.sensors.AnnouncedRooms;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.snapshot.SnapshotCheck;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** sensors' SnapStart hooks on real PostgreSQL and Kafka: priming leaves nothing behind. */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class SensorsPrimingIT {

  @Test
  void primingWritesNothingHoldsNoConnectionAndTheFunctionServesAfterTheRestore(
      Infrastructure infrastructure) throws Exception {
    String tenant = "tenant-" + UUID.randomUUID();
    String admin = TestTokens.token("admin-1", tenant, "admin");
    try (ApiFunction sensors =
        ApiFunction.builder("sensors").properties(infrastructure.properties()).start()) {
      AnnouncedRooms.announce(sensors, tenant, "r-1");
      // A served request first, so the pool holds a connection the checkpoint must close.
      assertThat(
              sensors
                  .post(
                      "/sensors",
                      admin,
                      "{\"id\":\"p-1\",\"roomId\":\"r-1\",\"type\":\"co2\",\"unit\":\"ppm\"}")
                  .status())
          .isEqualTo(201);

      SnapshotCheck.checkpointAndRestore(sensors, infrastructure.database(), "sensors");

      assertThat(sensors.get("/sensors/p-1", admin).status()).isEqualTo(200);
    }
  }
}
