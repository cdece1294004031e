package io.sac4cps.notifications.priming;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.snapshot.SnapshotCheck;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** notifications' SnapStart hooks on real PostgreSQL: priming leaves nothing behind. */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA, Service.SQS})
class NotificationsPrimingIT {

  @Test
  void primingWritesNothingHoldsNoConnectionAndTheFunctionServesAfterTheRestore(
      Infrastructure infrastructure) throws Exception {
    String viewer = TestTokens.token("viewer-1", "tenant-" + UUID.randomUUID(), "viewer");
    try (ApiFunction notifications =
        ApiFunction.builder("notifications").properties(infrastructure.properties()).start()) {
      // A served request first, so the pool holds a connection the checkpoint must close.
      assertThat(notifications.get("/notifications", viewer).status()).isEqualTo(200);

      SnapshotCheck.checkpointAndRestore(notifications, infrastructure.database(), "notifications");

      assertThat(notifications.get("/notifications", viewer).status()).isEqualTo(200);
    }
  }
}
