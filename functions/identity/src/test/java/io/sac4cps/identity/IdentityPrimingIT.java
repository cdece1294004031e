package io.sac4cps.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.snapshot.SnapshotCheck;
import org.junit.jupiter.api.Test;

/** identity's SnapStart hooks on real PostgreSQL and SNS: priming leaves nothing behind. */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class IdentityPrimingIT {

  @Test
  void primingWritesNothingHoldsNoConnectionAndTheFunctionServesAfterTheRestore(
      Infrastructure infrastructure) throws Exception {
    try (ApiFunction identity =
        IdentityCalls.function(infrastructure, infrastructure.snsTopic("identity-events"))
            .start()) {
      IdentityCalls accounts = new IdentityCalls(identity);
      // Served requests first, so the pool holds a connection the checkpoint must close.
      String admin = accounts.newAdminToken();

      SnapshotCheck.checkpointAndRestore(identity, infrastructure.database(), "identity");

      assertThat(identity.get("/users/me", admin).status()).isEqualTo(200);
    }
  }
}
