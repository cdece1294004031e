package io.sac4cps.infra.constructs;

import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;

/**
 * Acknowledged cdk-nag findings (AwsSolutions and Serverless packs, checked by CdkNagTest): each on
 * the construct it concerns, with the reason it is accepted. A finding that is not acknowledged
 * fails the build.
 */
public final class Findings {

  private Findings() {}

  /** Accepts rule {@code ruleId} on {@code scope} and everything under it, for {@code reason}. */
  public static void accept(IConstruct scope, String ruleId, String reason) {
    if (ruleId.contains("::")) {
      // A finding id such as AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:…] holds '::', which
      // Validations.acknowledge refuses (it reserves '::' for a prefix); cdk-nag reads the same
      // metadata entry that acknowledge would have written.
      scope
          .getNode()
          .addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Map.of(ruleId, reason));
      return;
    }
    Validations.of(scope).acknowledge(Acknowledgment.builder().id(ruleId).reason(reason).build());
  }

  // Reasons shared by several constructs.
  static final String MANAGED_LOGS_POLICY =
      "AWSLambdaBasicExecutionRole grants only CloudWatch Logs writes for the function's own log group";
  static final String MANAGED_VPC_POLICY =
      "AWSLambdaVPCAccessExecutionRole grants only the ENI management a VPC function needs";
  static final String NO_ASYNC_INVOCATION =
      "invoked synchronously (API Gateway) or by an event-source mapping whose failures go to the"
          + " queue's DLQ, or by the relay schedule whose next tick retries; an async DLQ would stay"
          + " empty";
  static final String TRACING =
      "traces are the platform's own OpenTelemetry spans exported through the ADOT collector"
          + " (decision 0048); active tracing would add a second, unlinked trace";
}
