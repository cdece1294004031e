package io.sac4cps.rooms.priming;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.snapshot.SnapshotCheck;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** rooms' SnapStart hooks on real PostgreSQL and Kafka: priming leaves nothing behind. */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class RoomsPrimingIT {

  @Test
  void primingWritesNothingHoldsNoConnectionAndTheFunctionServesAfterTheRestore(
      Infrastructure infrastructure) throws Exception {
    String admin = TestTokens.token("admin-1", "tenant-" + UUID.randomUUID(), "admin");
    try (ApiFunction rooms =
        ApiFunction.builder("rooms").properties(infrastructure.properties()).start()) {
      // A served request first, so the pool holds a connection the checkpoint must close.
      assertThat(
              rooms
                  .post(
                      "/rooms",
                      admin,
                      "{\"name\":\"Lab\",\"building\":\"B\",\"floor\":1,\"areaM2\":20,\"capacity\":4}")
                  .status())
          .isEqualTo(201);

      SnapshotCheck.checkpointAndRestore(rooms, infrastructure.database(), "rooms");

      assertThat(rooms.get("/rooms", admin).jsonMap().get("items")).asList().hasSize(1);
    }
  }
}
