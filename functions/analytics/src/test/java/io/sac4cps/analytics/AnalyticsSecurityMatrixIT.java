package io.sac4cps.analytics;

import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.matrix.FunctionSecurityMatrix;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import java.util.Map;
import java.util.UUID;

/**
 * Every analytics operation of contracts/openapi.yaml against every kind of wrong caller, generated
 * from the contract.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class AnalyticsSecurityMatrixIT extends FunctionSecurityMatrix {
  private static final String TENANT_A = "tenant-a-" + UUID.randomUUID();
  private static final String TENANT_B = "tenant-b-" + UUID.randomUUID();

  AnalyticsSecurityMatrixIT() {
    super("analytics");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    return ApiFunction.builder("analytics").properties(infrastructure.properties()).start();
  }

  @Override
  protected MatrixFixture fixture(ApiFunction analytics) {
    return MatrixFixture.builder(TENANT_A, TENANT_B)
        .queryParameters("getAnalyticsTrends", Map.of("metric", "temperature"))
        .build();
  }
}
