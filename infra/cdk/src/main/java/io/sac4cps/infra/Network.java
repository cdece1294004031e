package io.sac4cps.infra;

import java.util.List;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The stage's VPC: public subnets for the NAT gateways, private ones with egress for functions that
 * reach the database or Kafka, isolated ones for the database.
 */
final class Network {

  private Network() {}

  /** The VPC, or null where the stage is emulated (LocalStack has no VPC networking). */
  static Vpc create(Construct scope, StageSettings stage) {
    if (stage.emulated()) {
      return null;
    }
    Vpc vpc =
        Vpc.Builder.create(scope, "Vpc")
            .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
            .maxAzs(2)
            .natGateways(stage.natGateways())
            .subnetConfiguration(
                List.of(
                    SubnetConfiguration.builder()
                        .name("Public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .build(),
                    SubnetConfiguration.builder()
                        .name("Functions")
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .cidrMask(20)
                        .build(),
                    SubnetConfiguration.builder()
                        .name("Data")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(24)
                        .build()))
            .build();
    // Rejected and accepted flows to CloudWatch Logs, kept as long as the stage keeps its logs.
    vpc.addFlowLog(
        "FlowLogs",
        FlowLogOptions.builder()
            .destination(
                FlowLogDestination.toCloudWatchLogs(
                    LogGroup.Builder.create(scope, "VpcFlowLogs")
                        .retention(stage.logRetention())
                        .removalPolicy(stage.logRemovalPolicy())
                        .build()))
            .trafficType(FlowLogTrafficType.ALL)
            .build());
    return vpc;
  }
}
