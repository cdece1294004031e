package io.sac4cps.analytics;

import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.robustness.FunctionRobustness;
import io.sac4cps.testkit.robustness.RobustnessFixture;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import java.util.Map;
import java.util.UUID;

/**
 * Every analytics operation and field of contracts/openapi.yaml with generated bad and boundary
 * input (ContractRobustness): a new route or field is covered without touching this class.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class AnalyticsRobustnessIT extends FunctionRobustness {

  AnalyticsRobustnessIT() {
    super("analytics");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    return ApiFunction.builder("analytics").properties(infrastructure.properties()).start();
  }

  @Override
  protected RobustnessFixture fixture(ApiFunction analytics) {
    return RobustnessFixture.of(
            MatrixFixture.builder("tenant-a-" + UUID.randomUUID(), "tenant-b-" + UUID.randomUUID())
                .queryParameters("getAnalyticsTrends", Map.of("metric", "temperature"))
                .build())
        // Documented: from must be before to and the period is bounded; a building or room that
        // analytics knows nothing of is a 404.
        .domainRule("getAnalyticsSummary", "from", "to")
        .domainRule("getAnalyticsTrends", "from", "to", "interval", "tz")
        .otherAnswers("getAnalyticsSummary", 404)
        .otherAnswers("getAnalyticsTrends", 404)
        .build();
  }
}
