package io.sac4cps.analytics;

import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.robustness.FunctionRobustness;
import io.sac4cps.testkit.robustness.RobustnessFixture;

/**
 * Every analytics operation and field of contracts/openapi.yaml with generated bad and boundary
 * input (ContractRobustness): a new route or field is covered without touching this class.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS, Service.S3})
class AnalyticsRobustnessIT extends FunctionRobustness {
  private static final String REPORT =
      "{\"kind\":\"comfort\",\"from\":\"2025-03-01T00:00:00Z\",\"to\":\"2025-03-02T00:00:00Z\","
          + "\"format\":\"pdf\"}";

  AnalyticsRobustnessIT() {
    super("analytics");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    return AnalyticsSecurityMatrixIT.analytics(infrastructure);
  }

  @Override
  protected RobustnessFixture fixture(ApiFunction analytics) {
    return RobustnessFixture.of(AnalyticsSecurityMatrixIT.callers(analytics, REPORT))
        // Documented: from must be before to and the period is bounded; a building or room that
        // analytics knows nothing of is a 404.
        .domainRule("getAnalyticsSummary", "from", "to")
        .domainRule("getAnalyticsTrends", "from", "to", "interval", "tz")
        .otherAnswers("getAnalyticsSummary", 404)
        .otherAnswers("getAnalyticsTrends", 404)
        // A report's period is bounded (x-max-period-days) and its building must be known.
        .domainRule("createAnalyticsReport", "from", "to")
        .otherAnswers("createAnalyticsReport", 404)
        .build();
  }
}
