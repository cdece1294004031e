package io.sac4cps.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.msk.CfnServerlessCluster;
import software.constructs.Construct;

/**
 * An MSK Serverless cluster with IAM authentication in the VPC's private subnets, its IAM bootstrap
 * brokers (read by a custom resource: CloudFormation does not return them) and grants scoped to one
 * topic or consumer group, never to the whole cluster's data.
 */
public final class ServerlessKafkaCluster extends Construct {

  /** Port of IAM-authenticated (SASL/IAM over TLS) client connections. */
  public static final int IAM_PORT = 9098;

  private final String clusterName;
  private final CfnServerlessCluster cluster;
  private final SecurityGroup securityGroup;
  private final String bootstrapServers;

  private ServerlessKafkaCluster(Construct scope, String id, Builder props) {
    super(scope, id);
    this.clusterName = props.clusterName;
    this.securityGroup =
        SecurityGroup.Builder.create(this, "SecurityGroup")
            .vpc(props.vpc)
            .description(clusterName + ": Kafka clients (functions, event-source pollers)")
            .allowAllOutbound(true)
            .build();
    // Lambda's Kafka pollers run with the cluster's own security group.
    securityGroup.addIngressRule(
        securityGroup, Port.tcp(IAM_PORT), "event-source pollers to the brokers");
    List<String> subnetIds =
        props
            .vpc
            .selectSubnets(
                SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
            .getSubnetIds();
    this.cluster =
        CfnServerlessCluster.Builder.create(this, "Cluster")
            .clusterName(clusterName)
            .clientAuthentication(
                CfnServerlessCluster.ClientAuthenticationProperty.builder()
                    .sasl(
                        CfnServerlessCluster.SaslProperty.builder()
                            .iam(CfnServerlessCluster.IamProperty.builder().enabled(true).build())
                            .build())
                    .build())
            .vpcConfigs(
                List.of(
                    CfnServerlessCluster.VpcConfigProperty.builder()
                        .subnetIds(subnetIds)
                        .securityGroups(List.of(securityGroup.getSecurityGroupId()))
                        .build()))
            .build();
    AwsSdkCall getBootstrapBrokers =
        AwsSdkCall.builder()
            .service("Kafka")
            .action("getBootstrapBrokers")
            .parameters(Map.of("ClusterArn", cluster.getAttrArn()))
            .physicalResourceId(PhysicalResourceId.of(cluster.getAttrArn()))
            .outputPaths(List.of("BootstrapBrokerStringSaslIam"))
            .build();
    AwsCustomResource bootstrap =
        AwsCustomResource.Builder.create(this, "BootstrapBrokers")
            .onCreate(getBootstrapBrokers)
            .onUpdate(getBootstrapBrokers)
            .policy(
                AwsCustomResourcePolicy.fromSdkCalls(
                    SdkCallsPolicyOptions.builder()
                        .resources(List.of(cluster.getAttrArn()))
                        .build()))
            .installLatestAwsSdk(false)
            .build();
    this.bootstrapServers = bootstrap.getResponseField("BootstrapBrokerStringSaslIam");
  }

  public static Builder builder(Construct scope, String id) {
    return new Builder(scope, id);
  }

  public String getClusterArn() {
    return cluster.getAttrArn();
  }

  /** {@code host:9098,…}: the IAM-authenticated bootstrap brokers. */
  public String getBootstrapServers() {
    return bootstrapServers;
  }

  /** Clients (functions in the VPC) get this group: it may reach the brokers. */
  public SecurityGroup getSecurityGroup() {
    return securityGroup;
  }

  /** Lets {@code producer} write to {@code topic} (and nothing else of the cluster's data). */
  public void grantProduce(IGrantable producer, String topic) {
    grantConnect(producer);
    producer
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .actions(
                    List.of(
                        "kafka-cluster:DescribeTopic",
                        "kafka-cluster:WriteData",
                        "kafka-cluster:WriteDataIdempotently"))
                .resources(List.of(topicArn(topic), getClusterArn()))
                .build());
  }

  /** Lets a consumer (an event-source mapping's role) read {@code topic} as {@code groupId}. */
  public void grantConsume(IGrantable consumer, String topic, String groupId) {
    grantConnect(consumer);
    consumer
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .actions(List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"))
                .resources(List.of(topicArn(topic)))
                .build());
    consumer
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .actions(List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"))
                .resources(List.of(groupArn(groupId)))
                .build());
    // Lambda's poller looks the serverless cluster up before it connects.
    consumer
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .actions(List.of("kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers"))
                .resources(List.of(getClusterArn()))
                .build());
  }

  private void grantConnect(IGrantable grantee) {
    grantee
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .actions(
                    List.of(
                        "kafka-cluster:Connect",
                        "kafka-cluster:DescribeClusterDynamicConfiguration"))
                .resources(List.of(getClusterArn()))
                .build());
  }

  /** {@code arn:…:topic/<cluster>/<cluster uuid>/<topic>}, as MSK's IAM access control names it. */
  public String topicArn(String topic) {
    return dataArn("topic", topic);
  }

  /** {@code arn:…:group/<cluster>/<cluster uuid>/<group>}. */
  public String groupArn(String groupId) {
    return dataArn("group", groupId);
  }

  private String dataArn(String kind, String name) {
    // The cluster ARN ends in cluster/<name>/<uuid>; topics and groups sit under the same pair.
    String clusterUuid = Fn.select(2, Fn.split("/", getClusterArn()));
    return Fn.join(
        "",
        List.of(
            "arn:",
            Aws.PARTITION,
            ":kafka:",
            Aws.REGION,
            ":",
            Aws.ACCOUNT_ID,
            ":" + kind + "/" + clusterName + "/",
            clusterUuid,
            "/" + name));
  }

  /** Opens the brokers to a client security group. */
  public void allowFrom(ISecurityGroup client) {
    securityGroup.addIngressRule(
        Peer.securityGroupId(client.getSecurityGroupId()),
        Port.tcp(IAM_PORT),
        "Kafka client to the brokers");
  }

  /** Props builder; {@link #build()} validates before creating anything. */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private String clusterName;
    private IVpc vpc;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    public Builder clusterName(String clusterName) {
      this.clusterName = clusterName;
      return this;
    }

    public Builder vpc(IVpc vpc) {
      this.vpc = vpc;
      return this;
    }

    public ServerlessKafkaCluster build() {
      if (clusterName == null || !clusterName.matches("[A-Za-z][A-Za-z0-9-]{0,63}")) {
        throw new IllegalArgumentException(
            "clusterName must start with a letter, then letters, digits or '-' (max 64)");
      }
      if (vpc == null) {
        throw new IllegalArgumentException(clusterName + ": vpc is required");
      }
      return new ServerlessKafkaCluster(scope, id, this);
    }
  }
}
