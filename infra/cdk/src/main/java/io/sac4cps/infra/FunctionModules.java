package io.sac4cps.infra;

import io.sac4cps.contracts.wiring.FunctionDefinition.Role;
import io.sac4cps.contracts.wiring.KafkaConsumer;
import io.sac4cps.contracts.wiring.KafkaTopic;
import io.sac4cps.contracts.wiring.SqsQueue;
import io.sac4cps.infra.constructs.Findings;
import io.sac4cps.infra.constructs.MicronautFunction;
import io.sac4cps.infra.constructs.ServerlessKafkaCluster;
import io.sac4cps.infra.plan.DeploymentPlan;
import io.sac4cps.infra.plan.FunctionDeployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.AdotLambdaLayerGenericVersion;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.EventSourceMappingOptions;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsLayerVersion;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsLogLevel;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsOptions;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsVersions;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * One Lambda per handler of each function module, all from the module's jar: the HTTP (or
 * authorizer) handler, the WebSocket handler, one per SQS and Kafka consumer with its event-source
 * mapping, and the outbox relay on its schedule for producers. Environment and grants are {@link
 * ModuleEnvironment}'s.
 */
final class FunctionModules {

  /**
   * Context key: ARN of the AWS Parameters and Secrets Lambda Extension layer (arm64) the token
   * issuer reads its signing key through. Default: CDK's per-region table for {@link
   * #PARAMS_AND_SECRETS}.
   */
  static final String PARAMS_AND_SECRETS_LAYER_CONTEXT = "paramsAndSecretsLayerArn";

  static final ParamsAndSecretsVersions PARAMS_AND_SECRETS = ParamsAndSecretsVersions.V1_0_103;

  /**
   * Context key: ARN of the ADOT collector layer (arm64) every Lambda exports its spans through
   * (decision 0048). Default: CDK's per-region table for {@link #TRACE_COLLECTOR}.
   */
  static final String TRACE_COLLECTOR_LAYER_CONTEXT = "traceCollectorLayerArn";

  static final AdotLambdaLayerGenericVersion TRACE_COLLECTOR =
      AdotLambdaLayerGenericVersion.V0_115_0;

  private final Stack scope;
  private final StageSettings stage;
  private final DeploymentPlan plan;
  private final Vpc vpc;
  private final ServerlessKafkaCluster kafka;
  private final Channels channels;
  private ParamsAndSecretsLayerVersion paramsAndSecretsLayer;
  private ILayerVersion traceCollectorLayer;

  /** The function that sends email through SES, if SES is deployed: its Lambdas read a secret. */
  private final String emailSender;

  FunctionModules(
      Stack scope,
      StageSettings stage,
      DeploymentPlan plan,
      Vpc vpc,
      ServerlessKafkaCluster kafka,
      Channels channels,
      String emailSender) {
    this.scope = scope;
    this.emailSender = emailSender;
    this.stage = stage;
    this.plan = plan;
    this.vpc = vpc;
    this.kafka = kafka;
    this.channels = channels;
  }

  /** Every deployed module, by function name, in the plan's order. */
  Map<String, FunctionModule> build() {
    Map<String, FunctionModule> modules = new LinkedHashMap<>();
    for (FunctionDeployment function : plan.functions()) {
      modules.put(function.name(), build(function));
    }
    return modules;
  }

  private FunctionModule build(FunctionDeployment function) {
    String name = function.name();
    boolean producesToKafka =
        plan.kafkaTopics().stream().anyMatch(t -> t.producers().contains(name));
    boolean consumesKafka =
        plan.kafkaTopics().stream()
            .flatMap(t -> t.consumers().stream())
            .anyMatch(c -> c.function().equals(name));
    boolean inVpc =
        !stage.emulated() && (function.ownsSchema() || producesToKafka || consumesKafka);
    SecurityGroup securityGroup =
        inVpc
            ? SecurityGroup.Builder.create(scope, pascal(name) + "SecurityGroup")
                .vpc(vpc)
                .description(name + " functions")
                .allowAllOutbound(true)
                .build()
            : null;

    Map<String, MicronautFunction> lambdas = new LinkedHashMap<>();
    // The token issuer reads its signing key at startup through the secrets extension (not in
    // LocalStack, whose free image runs no layers).
    boolean secretsExtension =
        function.definition().role() == Role.TOKEN_ISSUER && !stage.emulated();
    lambdas.put(
        function.handler(),
        lambda(
            function,
            pascal(name),
            function.handler(),
            function.timeoutSeconds(),
            securityGroup,
            secretsExtension));

    function
        .definition()
        .webSocketHandler()
        .ifPresent(
            handler ->
                lambdas.put(
                    handler,
                    lambda(
                        function,
                        pascal(name) + "-websocket",
                        handler,
                        function.timeoutSeconds(),
                        securityGroup,
                        false)));

    for (SqsQueue queue : plan.queues()) {
      if (queue.consumer().isEmpty() || !queue.consumer().get().function().equals(name)) {
        continue;
      }
      String handler = queue.consumer().get().handler();
      MicronautFunction consumer =
          lambda(
              function,
              pascal(name) + "-" + queue.name(),
              handler,
              queue.consumer().get().timeoutSeconds(function.definition()),
              securityGroup,
              false);
      SqsEventSource.Builder source =
          SqsEventSource.Builder.create(channels.queue(queue.name()).getQueue())
              .batchSize(queue.batchSize())
              .reportBatchItemFailures(true);
      if (queue.batchSize() > 10) {
        // SQS requires a batching window for batches above 10.
        source.maxBatchingWindow(Duration.seconds(1));
      }
      // A task work queue's: a cancel reaches a running task through a second invocation.
      queue.consumer().get().maxConcurrency().ifPresent(source::maxConcurrency);
      consumer.getAlias().addEventSource(source.build());
      // A message that failed transiently goes back to its own queue with a delay (platform
      // SqsDelayedRetry, decision 0059), so an outage does not spend its receives.
      channels.queue(queue.name()).getQueue().grantSendMessages(consumer.getAlias());
      Findings.accept(
          consumer.getAlias(),
          "Serverless-LambdaEventSourceMappingDestination",
          "an SQS source dead-letters through its queue's redrive policy (the alarmed <queue>-dlq);"
              + " SQS mappings take no on-failure destination");
      lambdas.put(handler, consumer);
    }

    // LocalStack's free image has no Kafka event-source mappings (see infra/cdk/README.md).
    for (KafkaTopic topic : stage.emulated() ? List.<KafkaTopic>of() : plan.kafkaTopics()) {
      for (KafkaConsumer consumerSpec : topic.consumers()) {
        if (!consumerSpec.function().equals(name)) {
          continue;
        }
        MicronautFunction consumer =
            lambda(
                function,
                pascal(name) + "-" + topic.topic().replace('.', '-'),
                consumerSpec.handler(),
                function.timeoutSeconds(),
                securityGroup,
                false);
        String groupId = consumerSpec.groupId(topic.topic());
        kafka.grantConsume(consumer.getAlias(), topic.topic(), groupId);
        // The handler sends poison records to the DLQ itself (platform DeadLetterQueue, with the
        // reason); Lambda sends whole batches there when retries run out.
        Queue deadLetters = channels.kafkaDeadLetterQueue(consumerSpec.dlq());
        // A mapping of our own rather than CDK's ManagedKafkaEventSource, which attaches the
        // AWSLambdaMSKExecutionRole managed policy (kafka and ec2 actions on every resource) on top
        // of the scoped grants above. The poller also describes the cluster's network.
        consumer
            .getAlias()
            .addEventSourceMapping(
                "KafkaTopic",
                EventSourceMappingOptions.builder()
                    .eventSourceArn(kafka.getClusterArn())
                    .kafkaTopic(topic.topic())
                    .kafkaConsumerGroupId(groupId)
                    .batchSize(consumerSpec.batchSize())
                    .maxBatchingWindow(Duration.seconds(1))
                    .startingPosition(StartingPosition.TRIM_HORIZON)
                    .onFailure(new SqsDlq(deadLetters))
                    .build());
        consumer
            .getRole()
            .addToPrincipalPolicy(
                PolicyStatement.Builder.create()
                    .actions(
                        List.of(
                            "ec2:DescribeVpcs",
                            "ec2:DescribeSubnets",
                            "ec2:DescribeSecurityGroups"))
                    .resources(List.of("*"))
                    .build());
        Findings.accept(
            consumer,
            "AwsSolutions-IAM5[Resource::*]",
            "ec2:Describe* of the cluster's VPC, subnets and security groups, which the Kafka"
                + " poller needs; EC2 Describe actions have no resource-level permissions");
        lambdas.put(consumerSpec.handler(), consumer);
      }
    }

    if (plan.wiring().runsOutboxRelay(name)) {
      // Same jar, its own small Lambda: drains the outbox and expires processed-event ids every
      // minute (docs/decisions/0007, 0012).
      String handler = plan.wiring().outboxRelayHandler().orElseThrow();
      MicronautFunction relay =
          lambda(
              function,
              pascal(name) + "-outbox-relay",
              handler,
              function.timeoutSeconds(),
              securityGroup,
              false);
      Rule.Builder.create(scope, pascal(name) + "OutboxRelaySchedule")
          .description(name + ": relay what requests could not publish")
          .schedule(Schedule.rate(Duration.minutes(1)))
          // Two retries within the minute, then the schedule's alarmed DLQ: a relay that cannot
          // be invoked at all pages someone (the outbox keeps the events meanwhile).
          .targets(
              List.of(
                  LambdaFunction.Builder.create(relay.getAlias())
                      .retryAttempts(2)
                      .maxEventAge(Duration.seconds(60))
                      .deadLetterQueue(channels.relayScheduleDeadLetters().getDeadLetterQueue())
                      .build()))
          .build();
      lambdas.put(handler, relay);
    }
    return new FunctionModule(function, securityGroup, lambdas);
  }

  private MicronautFunction lambda(
      FunctionDeployment function,
      String id,
      String handler,
      int timeoutSeconds,
      SecurityGroup securityGroup,
      boolean secretsExtension) {
    MicronautFunction.Builder builder =
        MicronautFunction.builder(scope, id)
            .serviceName(function.name())
            .description(function.name() + ": " + handler)
            .jar(function.jar())
            .handler(handler)
            .memoryMb(function.memoryMb())
            .timeoutSeconds(timeoutSeconds)
            // The reservation is the HTTP (or authorizer) Lambda's; consumers are bounded by their
            // mappings, relays by their schedule.
            .reservedConcurrency(
                handler.equals(function.handler())
                    ? function.definition().reservedConcurrency().orElse(null)
                    : null)
            .jit(function.jit())
            .logRetention(stage.logRetention())
            .logRemovalPolicy(stage.logRemovalPolicy());
    if (securityGroup != null) {
      builder.vpc(vpc, securityGroup);
    }
    // Every function built on platform-core, whose jar ships the collector's configuration (the
    // authorizer has no framework and makes no spans); not in LocalStack, whose free image runs
    // no layers: spans stay in the function there.
    if (!stage.emulated() && shipsCollectorConfig(function.jar())) {
      builder.traceCollector(traceCollectorLayer());
    }
    // Every Lambda of the email sender may send (a request, a consumer batch, a wake-up): each
    // reads the SMTP credentials when it starts.
    if (secretsExtension || function.name().equals(emailSender)) {
      builder.paramsAndSecrets(paramsAndSecretsLayer());
    }
    return builder.build();
  }

  /** Whether {@code jar} holds {@value MicronautFunction#COLLECTOR_CONFIG_ENTRY} at its root. */
  static boolean shipsCollectorConfig(java.nio.file.Path jar) {
    try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
      return zip.getEntry(MicronautFunction.COLLECTOR_CONFIG_ENTRY) != null;
    } catch (java.io.IOException e) {
      return false; // not a jar (yet): MicronautFunction's own checks name the problem
    }
  }

  /** The ADOT collector layer: the context value, else CDK's ARN for the stack's region. */
  private ILayerVersion traceCollectorLayer() {
    if (traceCollectorLayer == null) {
      Object arn = scope.getNode().tryGetContext(TRACE_COLLECTOR_LAYER_CONTEXT);
      traceCollectorLayer =
          LayerVersion.fromLayerVersionArn(
              scope,
              "TraceCollectorLayer",
              arn == null || arn.toString().isBlank()
                  ? TRACE_COLLECTOR.layerArn(scope, Architecture.ARM_64)
                  : arn.toString());
    }
    return traceCollectorLayer;
  }

  /** The secrets extension layer: the context value, else CDK's ARN for the stack's region. */
  private ParamsAndSecretsLayerVersion paramsAndSecretsLayer() {
    if (paramsAndSecretsLayer == null) {
      paramsAndSecretsLayer = paramsAndSecretsLayer(scope);
    }
    return paramsAndSecretsLayer;
  }

  /** The secrets extension layer of {@code scope}'s stack (also the migration step's). */
  static ParamsAndSecretsLayerVersion paramsAndSecretsLayer(Construct scope) {
    Object arn = scope.getNode().tryGetContext(PARAMS_AND_SECRETS_LAYER_CONTEXT);
    ParamsAndSecretsOptions options =
        ParamsAndSecretsOptions.builder()
            .cacheEnabled(true)
            .logLevel(ParamsAndSecretsLogLevel.WARN)
            .build();
    return arn == null || arn.toString().isBlank()
        ? ParamsAndSecretsLayerVersion.fromVersion(PARAMS_AND_SECRETS, options)
        : ParamsAndSecretsLayerVersion.fromVersionArn(arn.toString(), options);
  }

  static String pascal(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.toString();
  }
}
