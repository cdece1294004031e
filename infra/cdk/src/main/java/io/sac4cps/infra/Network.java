package io.sac4cps.infra;

import java.util.List;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
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
    return Vpc.Builder.create(scope, "Vpc")
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
  }
}
