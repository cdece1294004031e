package io.sac4cps.tasks.priming;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.snapshot.SnapshotCheck;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** tasks' SnapStart hooks on real PostgreSQL: priming leaves nothing behind. */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA, Service.SQS})
class TasksPrimingIT {

  @Test
  void primingWritesNothingHoldsNoConnectionAndTheFunctionServesAfterTheRestore(
      Infrastructure infrastructure) throws Exception {
    String admin = TestTokens.token("admin-1", "tenant-" + UUID.randomUUID(), "admin");
    try (ApiFunction tasks =
        ApiFunction.builder("tasks").properties(infrastructure.properties()).start()) {
      // A served request first, so the pool holds a connection the checkpoint must close.
      assertThat(tasks.get("/tasks", admin).status()).isEqualTo(200);

      SnapshotCheck.checkpointAndRestore(tasks, infrastructure.database(), "tasks");

      assertThat(tasks.get("/tasks", admin).jsonMap().get("items")).asList().isEmpty();
    }
  }
}
