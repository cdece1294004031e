package io.sac4cps.analytics;

import io.sac4cps.embedded.QueueSettings;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.security.matrix.FunctionSecurityMatrix;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Every analytics operation of contracts/openapi.yaml against every kind of wrong caller, generated
 * from the contract.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS, Service.S3})
class AnalyticsSecurityMatrixIT extends FunctionSecurityMatrix {
  // The whole tenant (no building): any tenant may ask for a report on its own rooms.
  private static final String REPORT =
      "{\"kind\":\"energy\",\"from\":\"2025-03-01T00:00:00Z\",\"to\":\"2025-03-02T00:00:00Z\","
          + "\"format\":\"csv\"}";

  AnalyticsSecurityMatrixIT() {
    super("analytics");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    return analytics(infrastructure);
  }

  @Override
  protected MatrixFixture fixture(ApiFunction analytics) {
    return callers(analytics, REPORT);
  }

  /**
   * analytics on the embedded servers; the reports' work goes to a queue of the calling class's own
   * (nothing runs it there). AnalyticsRobustnessIT starts it the same way.
   */
  static ApiFunction analytics(Infrastructure infrastructure) {
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

  /** Two new tenants; tenant A has asked for {@code report}, which the path names. */
  static MatrixFixture callers(ApiFunction analytics, String report) {
    String tenantA = "tenant-a-" + UUID.randomUUID();
    ApiResponse created =
        analytics.send(
            ApiGatewayEvents.request("POST", "/analytics/reports")
                .json(report)
                .bearer(MatrixFixture.testToken(tenantA, "admin")));
    if (created.status() != 202) {
      throw new IllegalStateException("tenant A's report: " + created);
    }
    return MatrixFixture.builder(tenantA, "tenant-b-" + UUID.randomUUID())
        .queryParameters("getAnalyticsTrends", Map.of("metric", "temperature"))
        .body("createAnalyticsReport", () -> report)
        .pathParameters(Map.of("id", created.json().get("id").asText()))
        .build();
  }
}
