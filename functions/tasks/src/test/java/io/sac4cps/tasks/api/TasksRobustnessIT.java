package io.sac4cps.tasks.api;

import io.sac4cps.tasks.TaskCalls;
import io.sac4cps.tasks.TaskHarness;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.robustness.FunctionRobustness;
import io.sac4cps.testkit.robustness.RobustnessFixture;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * Every tasks operation and field of contracts/openapi.yaml with generated bad and boundary input
 * (ContractRobustness): a new route or field is covered without touching this class.
 */
@EmbeddedInfrastructure(
    services = {Service.POSTGRES, Service.KAFKA, Service.SQS, Service.SNS, Service.S3})
class TasksRobustnessIT extends FunctionRobustness {
  private static final String TENANT_A = "tenant-a-" + TaskHarness.tenant().substring(2);
  private static final String TENANT_B = "tenant-b-" + TaskHarness.tenant().substring(2);
  private static TaskHarness harness;

  TasksRobustnessIT() {
    super("tasks");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    harness = new TaskHarness(infrastructure);
    return harness.tasks;
  }

  @Override
  protected RobustnessFixture fixture(ApiFunction tasks) {
    String task = harness.api.newExport(TENANT_A);
    return RobustnessFixture.of(
            MatrixFixture.builder(TENANT_A, TENANT_B)
                .pathParameters(Map.of("id", task))
                .body("createTask", () -> TaskCalls.EXPORT)
                .build())
        // Documented: a task without a file has no download (404); an export's period is
        // bounded and from precedes to; a planned kind is refused naming kind.
        .domainRule("createTask", "kind", "params.from", "params.to")
        .otherAnswers("downloadTaskResult", 404)
        .build();
  }

  @AfterAll
  static void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }
}
