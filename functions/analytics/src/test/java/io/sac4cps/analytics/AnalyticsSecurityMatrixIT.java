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
  private static final String TENANT_A = "tenant-a-" + UUID.randomUUID();
  private static final String TENANT_B = "tenant-b-" + UUID.randomUUID();
  // The whole tenant (no building): any tenant may ask for a report on its own rooms.
  private static final String REPORT =
      "{\"kind\":\"energy\",\"from\":\"2025-03-01T00:00:00Z\",\"to\":\"2025-03-02T00:00:00Z\","
          + "\"format\":\"csv\"}";

  AnalyticsSecurityMatrixIT() {
    super("analytics");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    // The reports' work goes to a queue of this class's own (nothing runs it here).
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
  protected MatrixFixture fixture(ApiFunction analytics) {
    ApiResponse report =
        analytics.send(
            ApiGatewayEvents.request("POST", "/analytics/reports")
                .json(REPORT)
                .bearer(MatrixFixture.testToken(TENANT_A, "admin")));
    if (report.status() != 202) {
      throw new IllegalStateException("tenant A's report: " + report);
    }
    return MatrixFixture.builder(TENANT_A, TENANT_B)
        .queryParameters("getAnalyticsTrends", Map.of("metric", "temperature"))
        .body("createAnalyticsReport", () -> REPORT)
        .pathParameters(Map.of("id", report.json().get("id").asText()))
        .build();
  }
}
