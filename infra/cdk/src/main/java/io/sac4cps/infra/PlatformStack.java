package io.sac4cps.infra;

import io.sac4cps.contracts.wiring.KafkaConsumer;
import io.sac4cps.contracts.wiring.KafkaTopic;
import io.sac4cps.contracts.wiring.SnsSubscription;
import io.sac4cps.contracts.wiring.SnsTopic;
import io.sac4cps.contracts.wiring.SqsQueue;
import io.sac4cps.infra.constructs.ContractRestApi;
import io.sac4cps.infra.constructs.DeadLetteredQueue;
import io.sac4cps.infra.constructs.FanOutTopic;
import io.sac4cps.infra.constructs.MicronautFunction;
import io.sac4cps.infra.constructs.NotificationsWebSocketApi;
import io.sac4cps.infra.constructs.PlatformDatabase;
import io.sac4cps.infra.constructs.SchemaMigration;
import io.sac4cps.infra.constructs.ServerlessKafkaCluster;
import io.sac4cps.infra.constructs.SigningKey;
import io.sac4cps.infra.plan.DeploymentPlan;
import io.sac4cps.infra.plan.FunctionDeployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsLayerVersion;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsLogLevel;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsOptions;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsVersions;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.ManagedKafkaEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The whole platform of one stage, built from a {@link DeploymentPlan}: network, database, Kafka,
 * topics and queues, one Lambda per function (plus one per consumer handler, from the same jar),
 * the REST API of the contract and the notifications WebSocket API.
 */
public final class PlatformStack extends Stack {

  /** The function that issues tokens: the one that gets the private signing key. */
  public static final String TOKEN_ISSUER_FUNCTION = "identity";

  /** The function API Gateway calls as the REQUEST authorizer. */
  public static final String AUTHORIZER_FUNCTION = "authorizer";

  /** The function behind the WebSocket API. */
  public static final String WEBSOCKET_FUNCTION = "notifications";

  /** The {@code aud} of identity's tokens, checked by the authorizer and every function. */
  public static final String AUDIENCE = "sac4cps-api";

  /**
   * The scheduled handler (in every producer's jar) that drains the outbox, docs/decisions/0007.
   */
  public static final String OUTBOX_RELAY_HANDLER = "io.sac4cps.platform.outbox.OutboxRelayHandler";

  /**
   * Context key: ARN of the AWS Parameters and Secrets Lambda Extension layer (arm64) identity
   * reads its signing key through. Default: CDK's per-region table for {@link #PARAMS_AND_SECRETS}.
   */
  public static final String PARAMS_AND_SECRETS_LAYER_CONTEXT = "paramsAndSecretsLayerArn";

  static final ParamsAndSecretsVersions PARAMS_AND_SECRETS = ParamsAndSecretsVersions.V1_0_103;

  /** PostgreSQL and Kafka of localstack/docker-compose.yml, by service name on its network. */
  static final String LOCAL_POSTGRES = "jdbc:postgresql://postgres:5432/sac4cps";

  static final String LOCAL_KAFKA = "kafka:29092";

  private final StageSettings stage;
  private final Map<String, FunctionModule> modules = new LinkedHashMap<>();
  private final Map<String, DeadLetteredQueue> queues = new LinkedHashMap<>();
  private final Map<String, FanOutTopic> topics = new LinkedHashMap<>();
  private final Map<String, Queue> kafkaDeadLetterQueues = new LinkedHashMap<>();
  private final Vpc vpc;
  private final PlatformDatabase database;
  private final ServerlessKafkaCluster kafka;
  private final SigningKey signingKey;
  private final ContractRestApi restApi;
  private final NotificationsWebSocketApi webSocketApi;
  private ParamsAndSecretsLayerVersion paramsAndSecretsLayer;

  /** All Lambdas built from one function module's jar. */
  private record FunctionModule(
      FunctionDeployment deployment, SecurityGroup securityGroup, List<MicronautFunction> lambdas) {
    MicronautFunction http() {
      return lambdas.get(0);
    }
  }

  public PlatformStack(
      Construct scope, String id, StackProps props, DeploymentPlan plan, StageSettings stage) {
    super(scope, id, props);
    this.stage = stage;

    this.vpc =
        stage.emulated()
            ? null
            : Vpc.Builder.create(this, "Vpc")
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

    this.database =
        !stage.emulated() && plan.functions().stream().anyMatch(FunctionDeployment::ownsSchema)
            ? PlatformDatabase.builder(this, "Database")
                .vpc(vpc)
                .capacity(stage.dbMinCapacity(), stage.dbMaxCapacity())
                .readers(stage.dbReaders())
                .backupDays(stage.dbBackupDays())
                .deletionProtection(stage.deletionProtection())
                .removalPolicy(stage.removalPolicy())
                .logRetention(stage.logRetention())
                .build()
            : null;

    this.kafka =
        stage.emulated() || plan.kafkaTopics().isEmpty()
            ? null
            : ServerlessKafkaCluster.builder(this, "Kafka")
                .clusterName("sac4cps-" + stage.name())
                .vpc(vpc)
                .build();

    this.signingKey =
        SigningKey.create(this, "SigningKey", "sac4cps " + stage.name() + ": JWT signing key");

    for (SqsQueue queue : plan.queues()) {
      queues.put(
          queue.name(),
          DeadLetteredQueue.builder(this, "Queue-" + queue.name())
              .queueName(queue.name())
              .visibilityTimeoutSeconds(queue.visibilityTimeoutSeconds())
              .maxReceiveCount(queue.maxReceiveCount())
              .maxMessageAgeSeconds(stage.maxMessageAgeSeconds())
              .build());
    }
    for (SnsTopic topic : plan.topics()) {
      FanOutTopic.Builder builder =
          FanOutTopic.builder(this, "Topic-" + topic.name()).topicName(topic.name());
      for (SnsSubscription subscription : topic.subscriptions()) {
        builder.subscribe(queue(subscription.queue()), subscription.rawMessageDelivery());
      }
      topics.put(topic.name(), builder.build());
    }

    for (FunctionDeployment function : plan.functions()) {
      modules.put(function.name(), buildModule(function, plan));
    }

    FunctionModule authorizer = modules.get(AUTHORIZER_FUNCTION);
    ContractRestApi.Builder api =
        ContractRestApi.builder(this, "RestApi")
            .apiName("sac4cps-" + stage.name())
            .stageName(stage.name())
            .routes(plan.routes())
            .allowedOrigins(stage.allowedOrigins())
            .defaultThrottle(stage.defaultThrottle())
            .dailyQuota(stage.dailyQuota())
            .logRetention(stage.logRetention())
            .logRemovalPolicy(stage.logRemovalPolicy());
    modules.forEach((name, module) -> api.function(name, module.http().getAlias()));
    if (authorizer != null) {
      api.authorizer(authorizer.http().getAlias());
    }
    this.restApi = api.build();

    FunctionModule notifications = modules.get(WEBSOCKET_FUNCTION);
    // LocalStack's free image has no WebSocket APIs (see infra/cdk/README.md).
    this.webSocketApi =
        stage.emulated()
            ? null
            : NotificationsWebSocketApi.builder(this, "WebSocketApi")
                .apiName("sac4cps-" + stage.name() + "-notifications")
                .stageName(stage.name())
                .handler(notifications == null ? null : notifications.http().getAlias())
                .authorizer(authorizer == null ? null : authorizer.http().getAlias())
                .logRetention(stage.logRetention())
                .logRemovalPolicy(stage.logRemovalPolicy())
                .build();
    if (notifications != null) {
      notifications
          .lambdas()
          .forEach(
              lambda ->
                  lambda.addEnvironment(
                      "SAC4CPS_WEBSOCKET_CALLBACK_URL", webSocketApi.getCallbackUrl()));
    }

    // The issuer is the API's own URL, spelled from the API's id rather than its deployment stage:
    // the stage depends on the methods, which depend on the functions that need the issuer.
    String issuer =
        "https://"
            + restApi.getApi().getRestApiId()
            + ".execute-api."
            + Aws.REGION
            + "."
            + Aws.URL_SUFFIX
            + "/"
            + stage.name();
    modules.values().stream()
        .flatMap(module -> module.lambdas().stream())
        .forEach(
            lambda -> {
              lambda.addEnvironment("SAC4CPS_SECURITY_ISSUER", issuer);
              lambda.addEnvironment("SAC4CPS_SECURITY_AUDIENCE", AUDIENCE);
              lambda.addEnvironment("SAC4CPS_SECURITY_JWKS", signingKey.getJwks());
            });

    CfnOutput.Builder.create(this, "ApiUrl")
        .description("Base URL of the REST API (contracts/openapi.yaml)")
        .value(restApi.getUrl())
        .build();
    if (webSocketApi != null) {
      CfnOutput.Builder.create(this, "WebSocketUrl")
          .description("URL of the notifications WebSocket API (/ws/notifications)")
          .value(webSocketApi.getUrl())
          .build();
    }
    CfnOutput.Builder.create(this, "RestApiId")
        .description("Id of the REST API (LocalStack builds its URL from it)")
        .value(restApi.getApi().getRestApiId())
        .build();
    CfnOutput.Builder.create(this, "TokenIssuer")
        .description("iss of the tokens identity issues")
        .value(issuer)
        .build();
    CfnOutput.Builder.create(this, "Stage").value(stage.name()).build();
    if (kafka != null) {
      CfnOutput.Builder.create(this, "KafkaClusterArn").value(kafka.getClusterArn()).build();
      CfnOutput.Builder.create(this, "KafkaBootstrapServers")
          .value(kafka.getBootstrapServers())
          .build();
    }
  }

  private FunctionModule buildModule(FunctionDeployment function, DeploymentPlan plan) {
    boolean producesToKafka =
        plan.kafkaTopics().stream().anyMatch(t -> t.producers().contains(function.name()));
    boolean consumesKafka =
        plan.kafkaTopics().stream()
            .flatMap(t -> t.consumers().stream())
            .anyMatch(c -> c.function().equals(function.name()));
    boolean inVpc =
        !stage.emulated() && (function.ownsSchema() || producesToKafka || consumesKafka);
    SecurityGroup securityGroup =
        inVpc
            ? SecurityGroup.Builder.create(this, pascal(function.name()) + "SecurityGroup")
                .vpc(vpc)
                .description(function.name() + " functions")
                .allowAllOutbound(true)
                .build()
            : null;

    List<MicronautFunction> lambdas = new ArrayList<>();
    // identity reads its signing key at startup through the secrets extension (not in LocalStack).
    boolean secretsExtension = TOKEN_ISSUER_FUNCTION.equals(function.name()) && !stage.emulated();
    lambdas.add(
        lambda(
            function,
            pascal(function.name()),
            function.handler(),
            securityGroup,
            secretsExtension));

    for (SqsQueue queue : plan.queues()) {
      if (queue.consumer().isEmpty()
          || !queue.consumer().get().function().equals(function.name())) {
        continue;
      }
      if (queue.visibilityTimeoutSeconds() < function.timeoutSeconds()) {
        throw new IllegalArgumentException(
            "queue "
                + queue.name()
                + ": visibilityTimeoutSeconds ("
                + queue.visibilityTimeoutSeconds()
                + ") must be at least the consumer's timeout ("
                + function.timeoutSeconds()
                + ")");
      }
      MicronautFunction consumer =
          lambda(
              function,
              pascal(function.name()) + "-" + queue.name(),
              queue.consumer().get().handler(),
              securityGroup);
      SqsEventSource.Builder source =
          SqsEventSource.Builder.create(queue(queue.name()).getQueue())
              .batchSize(queue.batchSize())
              .reportBatchItemFailures(true);
      if (queue.batchSize() > 10) {
        // SQS requires a batching window for batches above 10.
        source.maxBatchingWindow(Duration.seconds(1));
      }
      consumer.getAlias().addEventSource(source.build());
      lambdas.add(consumer);
    }

    // LocalStack's free image has no Kafka event-source mappings (see infra/cdk/README.md).
    for (KafkaTopic topic : stage.emulated() ? List.<KafkaTopic>of() : plan.kafkaTopics()) {
      for (KafkaConsumer consumerSpec : topic.consumers()) {
        if (!consumerSpec.function().equals(function.name())) {
          continue;
        }
        MicronautFunction consumer =
            lambda(
                function,
                pascal(function.name()) + "-" + topic.topic().replace('.', '-'),
                consumerSpec.handler(),
                securityGroup);
        String groupId = consumerSpec.groupId(topic.topic());
        kafka.grantConsume(consumer.getAlias(), topic.topic(), groupId);
        // The handler sends poison records to the DLQ itself (platform DeadLetterQueue, with the
        // reason); Lambda sends whole batches there when retries run out.
        Queue deadLetters = kafkaDeadLetterQueue(consumerSpec.dlq());
        deadLetters.grantSendMessages(consumer.getAlias());
        consumer.addEnvironment(
            "SAC4CPS_SQS_QUEUE_URLS_" + environmentName(consumerSpec.dlq()),
            deadLetters.getQueueUrl());
        consumer
            .getAlias()
            .addEventSource(
                ManagedKafkaEventSource.Builder.create()
                    .clusterArn(kafka.getClusterArn())
                    .topic(topic.topic())
                    .consumerGroupId(groupId)
                    .batchSize(consumerSpec.batchSize())
                    .maxBatchingWindow(Duration.seconds(1))
                    .startingPosition(StartingPosition.TRIM_HORIZON)
                    .onFailure(new SqsDlq(deadLetters))
                    .build());
        lambdas.add(consumer);
      }
    }

    boolean publishesToSns =
        plan.topics().stream().anyMatch(t -> t.producers().contains(function.name()));
    if (function.ownsSchema() && (producesToKafka || publishesToSns)) {
      // Same jar, its own small Lambda: drains the outbox every minute (docs/decisions/0007).
      MicronautFunction relay =
          lambda(
              function,
              pascal(function.name()) + "-outbox-relay",
              OUTBOX_RELAY_HANDLER,
              securityGroup);
      Rule.Builder.create(this, pascal(function.name()) + "OutboxRelaySchedule")
          .description(function.name() + ": relay what requests could not publish")
          .schedule(Schedule.rate(Duration.minutes(1)))
          // No retries: the next tick is the retry, and the relay is idempotent.
          .targets(
              List.of(LambdaFunction.Builder.create(relay.getAlias()).retryAttempts(0).build()))
          .build();
      lambdas.add(relay);
    }

    FunctionModule module = new FunctionModule(function, securityGroup, List.copyOf(lambdas));
    wireModule(module, plan);
    return module;
  }

  /** Environment and grants every Lambda of a module shares: its code may run in any of them. */
  private void wireModule(FunctionModule module, DeploymentPlan plan) {
    String name = module.deployment().name();
    for (MicronautFunction lambda : module.lambdas()) {
      lambda.addEnvironment("SAC4CPS_STAGE", stage.name());
      for (SnsTopic topic : plan.topics()) {
        if (topic.producers().contains(name)) {
          FanOutTopic fanOut = topics.get(topic.name());
          fanOut.getTopic().grantPublish(lambda.getAlias());
          lambda.addEnvironment(
              "SAC4CPS_SNS_TOPIC_ARNS_" + environmentName(topic.name()),
              fanOut.getTopic().getTopicArn());
        }
      }
      boolean producer = false;
      for (KafkaTopic topic : plan.kafkaTopics()) {
        if (topic.producers().contains(name)) {
          if (kafka != null) {
            kafka.grantProduce(lambda.getAlias(), topic.topic());
          }
          producer = true;
        }
      }
      // Consumers need no client settings: their event-source mapping reads Kafka for them.
      if (producer && stage.emulated()) {
        lambda.addEnvironment("KAFKA_BOOTSTRAP_SERVERS", LOCAL_KAFKA);
      } else if (producer) {
        kafka.allowFrom(module.securityGroup());
        lambda.addEnvironment("KAFKA_BOOTSTRAP_SERVERS", kafka.getBootstrapServers());
        lambda.addEnvironment("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        lambda.addEnvironment("KAFKA_SASL_MECHANISM", "AWS_MSK_IAM");
        lambda.addEnvironment(
            "KAFKA_SASL_JAAS_CONFIG", "software.amazon.msk.auth.iam.IAMLoginModule required;");
        lambda.addEnvironment(
            "KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS",
            "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
      }
      if (module.deployment().ownsSchema() && stage.emulated()) {
        lambda.addEnvironment("DATASOURCES_DEFAULT_URL", LOCAL_POSTGRES + "?currentSchema=" + name);
        lambda.addEnvironment("DATASOURCES_DEFAULT_USERNAME", "sac4cps");
        lambda.addEnvironment("DATASOURCES_DEFAULT_PASSWORD", "sac4cps");
        // No deploy-time trigger against the compose database: migrate on start, as locally.
        lambda.addEnvironment("FLYWAY_DATASOURCES_DEFAULT_ENABLED", "true");
      } else if (module.deployment().ownsSchema()) {
        lambda.addEnvironment("DATASOURCES_DEFAULT_URL", database.proxyJdbcUrl(name));
        lambda.addEnvironment(
            "DATASOURCES_DEFAULT_USERNAME",
            database.getAdminSecret().secretValueFromJson("username").unsafeUnwrap());
        lambda.addEnvironment(
            "DATASOURCES_DEFAULT_PASSWORD",
            database.getAdminSecret().secretValueFromJson("password").unsafeUnwrap());
        // Migrations run once per deploy (SchemaMigration), never on a cold start.
        lambda.addEnvironment("FLYWAY_DATASOURCES_DEFAULT_ENABLED", "false");
      }
    }
    if (TOKEN_ISSUER_FUNCTION.equals(name)) {
      // Only the Lambda that signs gets the key; its outbox relay never touches it.
      MicronautFunction issuer = module.http();
      issuer.addEnvironment(
          "SAC4CPS_CORS_ALLOWED_ORIGINS", String.join(",", stage.allowedOrigins()));
      if (stage.emulated()) {
        // LocalStack's free image runs no layers, so no secrets extension: the key itself.
        issuer.addEnvironment("SAC4CPS_IDENTITY_SIGNING_KEY", signingKey.privateJwkReference());
      } else {
        issuer.addEnvironment(
            "SAC4CPS_IDENTITY_SIGNING_KEY_SECRET_ID", signingKey.getSecret().getSecretArn());
        signingKey.grantGetSecretValue(issuer.getAlias());
      }
      // SnapStart initialises (and reads the key) when the version is published: the key must
      // exist by then.
      issuer.getFunction().getNode().addDependency(signingKey.getKeyPair());
    }
    if (module.deployment().ownsSchema() && !stage.emulated()) {
      database.allowFunctions(module.securityGroup());
      SchemaMigration.Builder migration =
          SchemaMigration.builder(this, pascal(name) + "SchemaMigration")
              .schema(name)
              .jar(module.deployment().jar())
              .database(database)
              .vpc(vpc, module.securityGroup())
              .logRetention(stage.logRetention())
              .logRemovalPolicy(stage.logRemovalPolicy());
      module.lambdas().forEach(migration::before);
      migration.build();
    }
  }

  private MicronautFunction lambda(
      FunctionDeployment function, String id, String handler, SecurityGroup securityGroup) {
    return lambda(function, id, handler, securityGroup, false);
  }

  private MicronautFunction lambda(
      FunctionDeployment function,
      String id,
      String handler,
      SecurityGroup securityGroup,
      boolean secretsExtension) {
    MicronautFunction.Builder builder =
        MicronautFunction.builder(this, id)
            .serviceName(function.name())
            .description(function.name() + ": " + handler)
            .jar(function.jar())
            .handler(handler)
            .memoryMb(function.memoryMb())
            .timeoutSeconds(function.timeoutSeconds())
            .jit(function.jit())
            .logRetention(stage.logRetention())
            .logRemovalPolicy(stage.logRemovalPolicy());
    if (securityGroup != null) {
      builder.vpc(vpc, securityGroup);
    }
    if (secretsExtension) {
      builder.paramsAndSecrets(paramsAndSecretsLayer());
    }
    return builder.build();
  }

  /** The secrets extension layer: the context value, else CDK's ARN for the stack's region. */
  private ParamsAndSecretsLayerVersion paramsAndSecretsLayer() {
    if (paramsAndSecretsLayer == null) {
      Object arn = getNode().tryGetContext(PARAMS_AND_SECRETS_LAYER_CONTEXT);
      ParamsAndSecretsOptions options =
          ParamsAndSecretsOptions.builder()
              .cacheEnabled(true)
              .logLevel(ParamsAndSecretsLogLevel.WARN)
              .build();
      paramsAndSecretsLayer =
          arn == null || arn.toString().isBlank()
              ? ParamsAndSecretsLayerVersion.fromVersion(PARAMS_AND_SECRETS, options)
              : ParamsAndSecretsLayerVersion.fromVersionArn(arn.toString(), options);
    }
    return paramsAndSecretsLayer;
  }

  private DeadLetteredQueue queue(String name) {
    DeadLetteredQueue queue = queues.get(name);
    if (queue == null) {
      throw new IllegalArgumentException("no queue '" + name + "' in the wiring");
    }
    return queue;
  }

  /** A Kafka consumer's on-failure destination, alarmed as soon as anything lands in it. */
  private Queue kafkaDeadLetterQueue(String name) {
    return kafkaDeadLetterQueues.computeIfAbsent(
        name,
        queueName -> {
          Queue queue =
              Queue.Builder.create(this, "KafkaDlq-" + queueName)
                  .queueName(queueName)
                  .encryption(QueueEncryption.SQS_MANAGED)
                  .enforceSsl(true)
                  .retentionPeriod(Duration.days(14))
                  .build();
          queue
              .metricApproximateNumberOfMessagesVisible(
                  MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build())
              .createAlarm(
                  this,
                  "KafkaDlqAlarm-" + queueName,
                  CreateAlarmOptions.builder()
                      .alarmDescription(queueName + ": Kafka records failed processing")
                      .threshold(0)
                      .evaluationPeriods(1)
                      .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                      .treatMissingData(TreatMissingData.NOT_BREACHING)
                      .build());
          return queue;
        });
  }

  /** The HTTP (or authorizer) Lambda of a deployed function module. */
  public MicronautFunction function(String name) {
    FunctionModule module = modules.get(name);
    if (module == null) {
      throw new IllegalArgumentException("function " + name + " is not deployed");
    }
    return module.http();
  }

  /** Every Lambda of a deployed function module: the HTTP one first, then its consumers. */
  public List<MicronautFunction> lambdasOf(String name) {
    function(name);
    return modules.get(name).lambdas();
  }

  public ContractRestApi getRestApi() {
    return restApi;
  }

  public SigningKey getSigningKey() {
    return signingKey;
  }

  public NotificationsWebSocketApi getWebSocketApi() {
    return webSocketApi;
  }

  public StageSettings getStage() {
    return stage;
  }

  /** {@code identity-events} → {@code IDENTITY_EVENTS}: Micronaut maps it back to the property. */
  static String environmentName(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static String pascal(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.toString();
  }
}
