package io.sac4cps.analytics;

import io.sac4cps.embedded.QueueSettings;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.robustness.FunctionRobustness;
import io.sac4cps.testkit.robustness.RobustnessFixture;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Every analytics operation and field of contracts/openapi.yaml with generated bad and boundary
 * input (ContractRobustness): a new route or field is covered without touching this class.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS, Service.S3})
class AnalyticsRobustnessIT extends FunctionRobustness {
  private static final String TENANT_A = "tenant-a-" + UUID.randomUUID();
  private static final String REPORT =
      "{\"kind\":\"comfort\",\"from\":\"2025-03-01T00:00:00Z\",\"to\":\"2025-03-02T00:00:00Z\","
          + "\"format\":\"pdf\"}";

  AnalyticsRobustnessIT() {
    super("analytics");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    String queue =
        infrastructure
            .queue("analytics-task-work", new QueueSettings(Duration.ofSeconds(30), 5))
            .name();
    return ApiFunction.builder("analytics")
        .properties(infrastructure.properties())
        .property("sac4cps.s3.buckets.reports", infrastructure.bucket())
        .property("sac4cps.tasks.kinds.analytics-report.queue", queue)
        .start();
  }

  @Override
  protected RobustnessFixture fixture(ApiFunction analytics) {
    ApiResponse report =
        analytics.send(
            ApiGatewayEvents.request("POST", "/analytics/reports")
                .json(REPORT)
                .bearer(MatrixFixture.testToken(TENANT_A, "admin")));
    if (report.status() != 202) {
      throw new IllegalStateException("tenant A's report: " + report);
    }
    return RobustnessFixture.of(
            MatrixFixture.builder(TENANT_A, "tenant-b-" + UUID.randomUUID())
                .queryParameters("getAnalyticsTrends", Map.of("metric", "temperature"))
                .body("createAnalyticsReport", () -> REPORT)
                .pathParameters(Map.of("id", report.json().get("id").asText()))
                .build())
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
