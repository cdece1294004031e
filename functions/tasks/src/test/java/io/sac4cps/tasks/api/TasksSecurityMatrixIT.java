package io.sac4cps.tasks.api;

import io.sac4cps.tasks.TaskCalls;
import io.sac4cps.tasks.TaskHarness;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.matrix.FunctionSecurityMatrix;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Every tasks operation of contracts/openapi.yaml against every kind of wrong caller, generated
 * from the contract. Tenant A's task has succeeded with a result file, so each allowed caller
 * reaches a real answer on every route (the download's included).
 */
@EmbeddedInfrastructure(
    services = {Service.POSTGRES, Service.KAFKA, Service.SQS, Service.SNS, Service.S3})
class TasksSecurityMatrixIT extends FunctionSecurityMatrix {
  private static final String TENANT_A = "tenant-a-" + TaskHarness.tenant().substring(2);
  private static final String TENANT_B = "tenant-b-" + TaskHarness.tenant().substring(2);

  private TaskHarness harness;
  private Infrastructure infrastructure;

  TasksSecurityMatrixIT() {
    super("tasks");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    this.infrastructure = infrastructure;
    harness = new TaskHarness(infrastructure);
    return harness.tasks;
  }

  @Override
  protected MatrixFixture fixture(ApiFunction tasks) {
    String task = harness.api.newExport(TENANT_A);
    String name = "tasks/" + task + "/export.csv";
    harness.storeFile(TENANT_A, name, "timestamp,value\n".getBytes(StandardCharsets.UTF_8));
    harness.reportAndDeliver(
        TaskHarness.report(
            TENANT_A,
            task,
            "succeeded",
            1,
            1,
            TaskHarness.resultWithFile(TENANT_A + "/" + name, "export.csv", 16)));
    return MatrixFixture.builder(TENANT_A, TENANT_B)
        .pathParameters(Map.of("id", task))
        .body("createTask", () -> TaskCalls.EXPORT)
        // Tenant A's task has succeeded: its download is a 303 to the file, a cancel a 409.
        .allowedAnswers("downloadTaskResult", 303)
        .allowedAnswers("cancelTask", 409)
        .build();
  }
}
