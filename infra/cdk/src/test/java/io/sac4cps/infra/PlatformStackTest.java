package io.sac4cps.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import io.sac4cps.contracts.wiring.FunctionDefinition.Jit;
import io.sac4cps.contracts.wiring.FunctionDefinition.Role;
import io.sac4cps.contracts.wiring.FunctionEnvironment;
import io.sac4cps.contracts.wiring.SqsQueue;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.infra.constructs.MicronautFunction;
import io.sac4cps.infra.plan.ContractDeploymentPlan;
import io.sac4cps.infra.plan.DeploymentPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack built from the real contracts/openapi.yaml, contracts/wiring.yaml and the function jars
 * the reactor packaged before this module (the CDK module is last in the build).
 */
class PlatformStackTest {

  static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

  /** The sending domain given as context, as `cdk deploy -c emailDomain=…` does. */
  static final String EMAIL_DOMAIN = "mail.sac4cps.example";

  static ApiContract contract;
  static Wiring wiring;
  static DeploymentPlan plan;
  static PlatformStack stack;
  static Template template;
  static Template routes;

  @BeforeAll
  static void synthesize() throws Exception {
    contract = ApiContract.load(REPOSITORY.resolve("contracts/openapi.yaml"));
    wiring = Wiring.load(REPOSITORY.resolve("contracts/wiring.yaml"));
    plan = ContractDeploymentPlan.load(REPOSITORY);
    App app =
        new App(
            AppProps.builder()
                .outdir(Files.createTempDirectory("cdk.out").toString())
                .context(Map.of(PlatformStack.EMAIL_DOMAIN_CONTEXT, EMAIL_DOMAIN))
                .build());
    stack =
        new PlatformStack(
            app, "sac4cps-dev", StackProps.builder().build(), plan, StageSettings.of("dev", null));
    template = Template.fromStack(stack);
    routes = Template.fromStack(stack.getRestApi().getRoutes());
  }

  /** {@code text} of the Routes template with its parameters replaced by what the stack passes. */
  static String inStack(String text) {
    for (Map<String, Object> nested :
        template.findResources("AWS::CloudFormation::Stack").values()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> parameters = (Map<String, Object>) properties(nested).get("Parameters");
      if (parameters != null) {
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
          text =
              text.replace(
                  "{Ref=" + parameter.getKey() + "}", String.valueOf(parameter.getValue()));
        }
      }
    }
    return text;
  }

  /** The API's methods matching {@code match}: the root's in the stack, the others' in Routes. */
  static Map<String, Map<String, Object>> apiMethods(Object match) {
    Map<String, Map<String, Object>> methods =
        new java.util.LinkedHashMap<>(template.findResources("AWS::ApiGateway::Method", match));
    methods.putAll(routes.findResources("AWS::ApiGateway::Method", match));
    return methods;
  }

  @Test
  void everyDeployedContractRouteReachesItsFunctionThroughTheAuthorizerWhenSecured() {
    String authorizerId = logicalId(stack, stack.getRestApi(), "Authorizer");
    for (Operation operation : contract.activeOperations()) {
      Map<String, Map<String, Object>> methods =
          apiMethods(
              Match.objectLike(
                  Map.of(
                      "Properties",
                      Map.of(
                          "HttpMethod",
                          operation.method(),
                          "OperationName",
                          operation.operationId()))));
      assertThat(methods).as(operation.operationId()).hasSize(1);
      Map<String, Object> properties = properties(methods.values().iterator().next());
      String integration = inStack(String.valueOf(properties.get("Integration")));
      if (operation.function().equals(Operation.GATEWAY)) {
        assertThat(integration).contains("MOCK").contains("{\"status\":\"UP\"}");
      } else {
        MicronautFunction function = stack.function(operation.function());
        assertThat(integration)
            .as(operation.operationId() + " integrates its function's alias")
            .contains("AWS_PROXY")
            .contains(logicalId(stack, function.getAlias()));
      }
      if (operation.secured()) {
        assertThat(properties.get("AuthorizationType")).isEqualTo("CUSTOM");
        assertThat(inStack(String.valueOf(properties.get("AuthorizerId")))).contains(authorizerId);
      } else {
        assertThat(properties.get("AuthorizationType")).isEqualTo("NONE");
      }
    }
  }

  @Test
  void plannedRoutesAreNotInTheApi() {
    for (Operation operation : contract.operations()) {
      if (operation.planned()) {
        assertThat(
                apiMethods(
                    Match.objectLike(
                        Map.of("Properties", Map.of("OperationName", operation.operationId())))))
            .as(operation.operationId())
            .isEmpty();
      }
    }
  }

  @Test
  void authorizerReadsTheAuthorizationHeaderAndCachesPerRoute() {
    template.hasResourceProperties(
        "AWS::ApiGateway::Authorizer",
        Map.of(
            "Type",
            "REQUEST",
            "AuthorizerResultTtlInSeconds",
            300,
            "IdentitySource",
            "method.request.header.Authorization,context.httpMethod,context.resourcePath"));
  }

  @Test
  void eachRouteIsThrottledAsTheContractSays() {
    List<Object> settings = new ArrayList<>();
    template
        .findResources("AWS::ApiGateway::Stage")
        .values()
        .forEach(stage -> settings.addAll((List<?>) properties(stage).get("MethodSettings")));
    for (Operation operation : contract.activeOperations()) {
      String resourcePath = operation.path().replace("/", "~1");
      assertThat(settings)
          .as(operation.operationId())
          .anySatisfy(
              setting -> {
                Map<?, ?> s = (Map<?, ?>) setting;
                assertThat(s.get("HttpMethod")).isEqualTo(operation.method());
                assertThat(s.get("ResourcePath")).isEqualTo("/" + resourcePath);
                assertThat(((Number) s.get("ThrottlingRateLimit")).doubleValue())
                    .isEqualTo(operation.throttle().rateLimit());
                assertThat(((Number) s.get("ThrottlingBurstLimit")).intValue())
                    .isEqualTo(operation.throttle().burstLimit());
              });
    }
  }

  @Test
  void theStageWritesJsonAccessLogsAndHasNoUsagePlanWithoutApiKeys() {
    template.hasResourceProperties(
        "AWS::ApiGateway::Stage",
        Map.of(
            "StageName",
            "dev",
            "AccessLogSetting",
            Map.of(
                "Format", Match.stringLikeRegexp("\\{\"requestId\":\"\\$context.requestId\".*"))));
    // A usage plan limits API keys only, and no method requires one: it would limit nothing.
    template.resourceCountIs("AWS::ApiGateway::UsagePlan", 0);
    assertThat(
            template.findResources(
                "AWS::ApiGateway::Method",
                Match.objectLike(Map.of("Properties", Map.of("ApiKeyRequired", true)))))
        .isEmpty();
    template.hasResourceProperties(
        "AWS::ApiGateway::GatewayResponse",
        Map.of(
            "ResponseType",
            "UNAUTHORIZED",
            "StatusCode",
            "401",
            "ResponseTemplates",
            Map.of("application/json", Match.stringLikeRegexp(".*\\$context.requestId.*"))));
  }

  @Test
  void preflightRequestsAnswerCorsWithoutTheAuthorizer() {
    Map<String, Map<String, Object>> options =
        apiMethods(Match.objectLike(Map.of("Properties", Map.of("HttpMethod", "OPTIONS"))));
    assertThat(options).isNotEmpty();
    options
        .values()
        .forEach(
            method -> {
              assertThat(properties(method).get("AuthorizationType")).isEqualTo("NONE");
              assertThat(String.valueOf(properties(method).get("Integration")))
                  .contains("Access-Control-Allow-Origin");
            });
  }

  @Test
  void everyFunctionRunsJava25OnArmWithSnapStartBehindTheLiveAliasAndJsonLogs() {
    Map<String, Map<String, Object>> javaFunctions =
        template.findResources(
            "AWS::Lambda::Function",
            Match.objectLike(Map.of("Properties", Map.of("Runtime", "java25"))));
    assertThat(javaFunctions).isNotEmpty();
    assertThat(
            template.findResources(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of("Properties", Map.of("Runtime", "java21")))))
        .as("no function left on java21 (decision 0046)")
        .isEmpty();
    for (var function : javaFunctions.entrySet()) {
      Map<String, Object> p = properties(function.getValue());
      assertThat(p.get("Architectures")).as(function.getKey()).isEqualTo(List.of("arm64"));
      assertThat(String.valueOf(p.get("LoggingConfig"))).contains("LogFormat=JSON");
      assertThat(String.valueOf(p.get("LoggingConfig"))).contains("LogGroup");
    }
    for (var function : plan.functions()) {
      // A queue consumer may have a timeout of its own (a task work queue's runs for minutes).
      Map<MicronautFunction, Integer> consumerTimeouts = new java.util.HashMap<>();
      for (var queue : plan.queues()) {
        queue
            .consumer()
            .filter(c -> c.function().equals(function.name()))
            .ifPresent(
                c ->
                    consumerTimeouts.put(
                        stack.lambdaOf(function.name(), c.handler()),
                        c.timeoutSeconds(function.definition())));
      }
      for (MicronautFunction lambda : stack.lambdasOf(function.name())) {
        String id = logicalId(stack, lambda.getFunction());
        assertThat(properties(template.findResources("AWS::Lambda::Function").get(id)))
            .as(id)
            .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
            .containsEntry("MemorySize", function.memoryMb())
            .containsEntry(
                "Timeout", consumerTimeouts.getOrDefault(lambda, function.timeoutSeconds()));
        assertThat(
                template.findResources(
                    "AWS::Lambda::Alias",
                    Match.objectLike(
                        Map.of(
                            "Properties",
                            Map.of("Name", "live", "FunctionName", Map.of("Ref", id))))))
            .as(id + " has the live alias")
            .hasSize(1);
      }
    }
  }

  @Test
  void taskWorkConsumersRunForLambdasFifteenMinutesWhileTheirHttpLambdasAnswerInSeconds() {
    for (var kind : plan.wiring().taskKinds()) {
      var owner = plan.functions().stream().filter(f -> f.name().equals(kind.owner())).findFirst();
      String handler =
          plan.wiring().queue(kind.queue()).orElseThrow().consumer().orElseThrow().handler();
      Map<String, Object> consumer =
          properties(
              template
                  .findResources("AWS::Lambda::Function")
                  .get(logicalId(stack, stack.lambdaOf(kind.owner(), handler).getFunction())));
      Map<String, Object> http =
          properties(
              template
                  .findResources("AWS::Lambda::Function")
                  .get(
                      logicalId(
                          stack,
                          stack
                              .lambdaOf(kind.owner(), owner.orElseThrow().handler())
                              .getFunction())));
      assertThat(consumer.get("Timeout")).as(kind.kind() + "'s worker").isEqualTo(900);
      assertThat((Integer) http.get("Timeout")).as(kind.owner() + "'s HTTP Lambda").isLessThan(900);
    }
  }

  @Test
  void snapStartIsOnForEveryJavaFunctionExceptTheSchemaMigrations() {
    Map<String, Map<String, Object>> javaFunctions =
        template.findResources(
            "AWS::Lambda::Function",
            Match.objectLike(Map.of("Properties", Map.of("Runtime", "java25"))));
    List<String> withoutSnapStart = new java.util.ArrayList<>();
    for (var function : javaFunctions.entrySet()) {
      if (!properties(function.getValue()).containsKey("SnapStart")) {
        assertThat(properties(function.getValue()).get("Handler"))
            .as(
                function.getKey()
                    + " has no SnapStart: only a one-off migration step may, and the key ring's"
                    + " handler (once per deploy and month)")
            .isIn(
                io.sac4cps.infra.constructs.SchemaMigration.HANDLER,
                io.sac4cps.infra.constructs.SigningKey.HANDLER);
        withoutSnapStart.add(function.getKey());
      }
    }
    assertThat(withoutSnapStart).as("the migration steps").isNotEmpty();
    assertThat(javaFunctions.size() - withoutSnapStart.size())
        .as("serving functions with SnapStart")
        .isGreaterThanOrEqualTo(plan.functions().size());
  }

  @Test
  void theJitStopsAtC1ExceptWhereWiringAsksForTieredCompilation() {
    for (var function : plan.functions()) {
      for (MicronautFunction lambda : stack.lambdasOf(function.name())) {
        String options = String.valueOf(environment(lambda).get("JAVA_TOOL_OPTIONS"));
        if (function.jit() == Jit.TIERED) {
          assertThat(options).as(function.name()).doesNotContain("TieredStopAtLevel");
        } else {
          assertThat(options).as(function.name()).contains("-XX:TieredStopAtLevel=1");
        }
      }
    }
    assertThat(plan.functions())
        .as("the wiring asks some function for tiered compilation, so both settings are checked")
        .anyMatch(f -> f.jit() == Jit.TIERED)
        .anyMatch(f -> f.jit() == Jit.C1);
  }

  @Test
  void functionsGetResourcesByReferenceNeverByHardCodedName() {
    String producer =
        plan.kafkaTopics().stream()
            .flatMap(t -> t.producers().stream())
            .filter(name -> plan.function(name).orElseThrow().ownsSchema())
            .findFirst()
            .orElseThrow();
    String sensors = logicalId(stack, stack.function(producer).getFunction());
    Map<String, Object> environment =
        (Map<String, Object>)
            ((Map<String, Object>)
                    properties(template.findResources("AWS::Lambda::Function").get(sensors))
                        .get("Environment"))
                .get("Variables");
    assertThat(String.valueOf(environment.get("DATASOURCES_DEFAULT_URL")))
        .contains("Fn::GetAtt")
        .contains("currentSchema=" + producer);
    assertThat(String.valueOf(environment.get("KAFKA_BOOTSTRAP_SERVERS"))).contains("Fn::GetAtt");
    assertThat(environment.get("DATASOURCES_DEFAULT_USERNAME")).isEqualTo(producer);
    assertThat(String.valueOf(environment.get("SAC4CPS_SECURITY_JWKS")))
        .contains("Fn::GetAtt")
        .contains("Jwks");
  }

  @Test
  void noPolicyGrantsWildcardActionsOrDataAccessOnEveryResource() {
    List<String> dataServices =
        List.of("sqs:", "sns:", "kafka-cluster:", "secretsmanager:", "rds-db:");
    for (var policy : template.findResources("AWS::IAM::Policy").entrySet()) {
      Map<?, ?> document = (Map<?, ?>) properties(policy.getValue()).get("PolicyDocument");
      for (Object raw : (List<?>) document.get("Statement")) {
        Map<?, ?> statement = (Map<?, ?>) raw;
        List<String> actions = asStrings(statement.get("Action"));
        for (String action : actions) {
          assertThat(action).as(policy.getKey()).isNotEqualTo("*").doesNotEndWith(":*");
        }
        boolean onData =
            actions.stream().anyMatch(a -> dataServices.stream().anyMatch(a::startsWith));
        if (onData) {
          assertThat(asStrings(statement.get("Resource")))
              .as(policy.getKey() + " " + actions)
              .doesNotContain("*");
        }
      }
    }
  }

  @Test
  void everyQueueHasADeadLetterQueueARedriveAndAnAgeAlarm() {
    for (SqsQueue queue : wiring.queues()) {
      Map<String, Map<String, Object>> found =
          template.findResources(
              "AWS::SQS::Queue",
              Match.objectLike(Map.of("Properties", Map.of("QueueName", queue.name()))));
      assertThat(found).as(queue.name()).hasSize(1);
      Map<String, Object> p = properties(found.values().iterator().next());
      assertThat(p.get("VisibilityTimeout")).isEqualTo(queue.visibilityTimeoutSeconds());
      Map<?, ?> redrive = (Map<?, ?>) p.get("RedrivePolicy");
      assertThat(redrive.get("maxReceiveCount")).isEqualTo(queue.maxReceiveCount());
      String dlqId =
          String.valueOf(
              ((List<?>) ((Map<?, ?>) redrive.get("deadLetterTargetArn")).get("Fn::GetAtt"))
                  .get(0));
      assertThat(properties(template.findResources("AWS::SQS::Queue").get(dlqId)))
          .containsEntry("QueueName", queue.deadLetterQueueName());
      String queueId = found.keySet().iterator().next();
      assertThat(
              template.findResources(
                  "AWS::CloudWatch::Alarm",
                  Match.objectLike(
                      Map.of(
                          "Properties",
                          Map.of(
                              "MetricName",
                              "ApproximateAgeOfOldestMessage",
                              "Dimensions",
                              List.of(
                                  Map.of(
                                      "Name",
                                      "QueueName",
                                      "Value",
                                      Map.of("Fn::GetAtt", List.of(queueId, "QueueName")))))))))
          .as(queue.name() + " age alarm")
          .hasSize(1);
    }
  }

  @Test
  void topicsFanOutToTheirQueuesAsTheWiringSays() {
    for (var topic : wiring.topics()) {
      String topicId = logicalId("AWS::SNS::Topic", "TopicName", topic.name());
      for (var subscription : topic.subscriptions()) {
        String queueId = logicalId("AWS::SQS::Queue", "QueueName", subscription.queue());
        // This topic to this queue, not merely some subscription with the same settings.
        assertThat(
                template.findResources(
                    "AWS::SNS::Subscription",
                    Match.objectLike(
                        Map.of(
                            "Properties",
                            Map.of(
                                "Protocol",
                                "sqs",
                                "TopicArn",
                                Map.of("Ref", topicId),
                                "Endpoint",
                                Map.of("Fn::GetAtt", List.of(queueId, "Arn")),
                                "RawMessageDelivery",
                                subscription.rawMessageDelivery())))))
            .as(topic.name() + " → " + subscription.queue())
            .hasSize(1);
      }
    }
  }

  @Test
  void everyTopicIsEncryptedWithTheRotatedTopicKeyItsPublishersAndSnsDeliveryMayUse() {
    Map<String, Map<String, Object>> keys = template.findResources("AWS::KMS::Key");
    List<String> topicKeys = new ArrayList<>();
    for (var topic : plan.topics()) {
      Map<String, Object> properties =
          properties(
              template
                  .findResources("AWS::SNS::Topic")
                  .get(logicalId("AWS::SNS::Topic", "TopicName", topic.name())));
      Object keyRef = ((Map<?, ?>) properties.get("KmsMasterKeyId")).get("Fn::GetAtt");
      String keyId = String.valueOf(((List<?>) keyRef).get(0));
      topicKeys.add(keyId);
      assertThat(properties(keys.get(keyId)))
          .as(topic.name())
          .containsEntry("EnableKeyRotation", true);
      for (String producer : topic.producers()) {
        for (MicronautFunction lambda : stack.lambdasOf(producer)) {
          if (!environment(lambda).containsKey(snsVariable(topic.name()))) {
            continue;
          }
          assertThat(policyStatementsOf(lambda))
              .as(lambda.getNode().getPath() + " publishes to " + topic.name())
              .anySatisfy(
                  st -> {
                    assertThat(asStrings(st.get("Action")))
                        .contains("kms:Decrypt", "kms:GenerateDataKey*");
                    assertThat(String.valueOf(st.get("Resource"))).contains(keyId);
                  });
        }
      }
    }
    assertThat(topicKeys)
        .as("one key for all topics")
        .hasSize(plan.topics().size())
        .containsOnly(topicKeys.get(0));
    // SQS subscriptions: SNS decrypts what it delivers to the queues with the topic's key.
    List<?> statements =
        (List<?>)
            ((Map<?, ?>) properties(keys.get(topicKeys.get(0))).get("KeyPolicy")).get("Statement");
    assertThat(statements)
        .anySatisfy(
            raw -> {
              Map<?, ?> st = (Map<?, ?>) raw;
              assertThat(String.valueOf(st.get("Principal"))).contains("sns.amazonaws.com");
              assertThat(asStrings(st.get("Action")))
                  .containsExactlyInAnyOrder("kms:Decrypt", "kms:GenerateDataKey*");
              assertThat(String.valueOf(st.get("Condition"))).contains("aws:SourceAccount");
            });
  }

  private static String snsVariable(String topic) {
    return "SAC4CPS_SNS_TOPIC_ARNS_" + FunctionEnvironment.environmentName(topic);
  }

  @Test
  void theStackStaysWithinCloudFormationsResourceLimit() {
    int resources = template.toJSON().get("Resources") instanceof Map<?, ?> all ? all.size() : -1;
    System.out.println("platform stack resources: " + resources);
    assertThat(resources).isPositive().isLessThan(500);
  }

  /** The logical id of the one resource of {@code type} whose {@code property} is {@code value}. */
  private String logicalId(String type, String property, String value) {
    Map<String, Map<String, Object>> found =
        template.findResources(
            type, Match.objectLike(Map.of("Properties", Map.of(property, value))));
    assertThat(found).as(type + " " + value).hasSize(1);
    return found.keySet().iterator().next();
  }

  @Test
  void taskWorkQueuesFeedOneMessageAtATimeToAtLeastTwoConcurrentInvocations() {
    List<SqsQueue> workQueues =
        plan.queues().stream()
            .filter(
                q ->
                    q.consumer()
                        .filter(
                            c -> c.handler().equals("io.sac4cps.platform.tasks.TaskWorkHandler"))
                        .isPresent())
            .toList();
    assertThat(workQueues)
        .extracting(SqsQueue::name)
        .contains("sensors-task-work", "rooms-task-work");
    assertThat(workQueues)
        .allSatisfy(q -> assertThat(q.consumer().orElseThrow().maxConcurrency()).hasValue(5));
    assertThat(
            template.findResources(
                "AWS::Lambda::EventSourceMapping",
                Match.objectLike(
                    Map.of(
                        "Properties",
                        Match.objectLike(
                            Map.of(
                                "BatchSize",
                                1,
                                "FunctionResponseTypes",
                                List.of("ReportBatchItemFailures"),
                                "ScalingConfig",
                                Map.of("MaximumConcurrency", 5)))))))
        .hasSize(workQueues.size());
  }

  /** A transiently failed message goes back to its own queue with a delay (decision 0059). */
  @Test
  void everySqsConsumerMaySendToItsOwnQueue() {
    List<SqsQueue> consumed = plan.queues().stream().filter(q -> q.consumer().isPresent()).toList();
    assertThat(consumed).isNotEmpty();
    for (SqsQueue queue : consumed) {
      MicronautFunction consumer =
          stack.lambdaOf(queue.consumer().get().function(), queue.consumer().get().handler());
      String queueId = logicalId("AWS::SQS::Queue", "QueueName", queue.name());
      assertThat(policyStatementsOf(consumer))
          .as(queue.name())
          .anySatisfy(
              statement -> {
                assertThat(asStrings(statement.get("Action"))).contains("sqs:SendMessage");
                assertThat(statement.get("Resource"))
                    .isEqualTo(Map.of("Fn::GetAtt", List.of(queueId, "Arn")));
              });
    }
  }

  @Test
  void kafkaConsumersReadFromMskWithIamAndSendFailuresToTheirDlq() {
    template.hasResourceProperties(
        "AWS::MSK::ServerlessCluster",
        Map.of("ClientAuthentication", Map.of("Sasl", Map.of("Iam", Map.of("Enabled", true)))));
    for (var topic : plan.kafkaTopics()) {
      for (var consumer : topic.consumers()) {
        template.hasResourceProperties(
            "AWS::Lambda::EventSourceMapping",
            Map.of(
                "Topics",
                List.of(topic.topic()),
                "BatchSize",
                consumer.batchSize(),
                "StartingPosition",
                "TRIM_HORIZON",
                "AmazonManagedKafkaEventSourceConfig",
                Map.of("ConsumerGroupId", consumer.groupId(topic.topic())),
                "DestinationConfig",
                Map.of("OnFailure", Map.of("Destination", Match.anyValue()))));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", consumer.dlq()));
      }
    }
  }

  @Test
  void theDatabaseIsPrivateEncryptedAndReachedThroughATlsProxy() {
    template.hasResourceProperties(
        "AWS::RDS::DBCluster", Map.of("Engine", "aurora-postgresql", "StorageEncrypted", true));
    template
        .findResources("AWS::RDS::DBInstance")
        .values()
        .forEach(i -> assertThat(properties(i)).containsEntry("PubliclyAccessible", false));
    template.hasResourceProperties("AWS::RDS::DBProxy", Map.of("RequireTLS", true));
    template.hasResourceProperties(
        "AWS::RDS::DBClusterParameterGroup",
        Map.of(
            "Family",
            "aurora-postgresql16",
            "Parameters",
            Map.of("max_locks_per_transaction", "1024")));
    template.hasResourceProperties(
        "AWS::SecretsManager::Secret",
        Map.of(
            "GenerateSecretString",
            Map.of("SecretStringTemplate", "{\"username\":\"sac4cps_admin\"}")));
  }

  @Test
  void eachSchemaOwnerIsMigratedByATriggerBeforeItsFunctionDeploys() {
    for (var function : plan.functions()) {
      if (!function.ownsSchema()) {
        continue;
      }
      template.hasResourceProperties(
          "AWS::Lambda::Function",
          Map.of(
              "Handler",
              "io.sac4cps.platform.migration.MigrationHandler",
              "Environment",
              Map.of("Variables", Map.of("FLYWAY_DATASOURCES_DEFAULT_SCHEMAS", function.name()))));
    }
    assertThat(template.findResources("Custom::Trigger"))
        .hasSize((int) plan.functions().stream().filter(f -> f.ownsSchema()).count());
  }

  @Test
  void noFunctionsConfigurationHoldsADatabasePasswordOrAnyResolvedSecret() {
    for (var function : template.findResources("AWS::Lambda::Function").entrySet()) {
      Object variables =
          properties(function.getValue()).get("Environment") instanceof Map<?, ?> environment
              ? environment.get("Variables")
              : null;
      if (!(variables instanceof Map<?, ?> values)) {
        continue;
      }
      assertThat(values.keySet().stream().map(String::valueOf))
          .as(function.getKey())
          .noneMatch(name -> name.contains("PASSWORD"));
      assertThat(String.valueOf(values))
          .as(function.getKey() + ": a dynamic reference puts the plaintext into its configuration")
          .doesNotContain("{{resolve:secretsmanager:");
    }
    for (var function : plan.functions()) {
      if (!function.ownsSchema()) {
        continue;
      }
      // Every Lambda of the function: HTTP, consumers, relay.
      for (MicronautFunction lambda : stack.lambdasOf(function.name())) {
        assertThat(environment(lambda))
            .as(lambda.getNode().getPath() + " signs in as its own role with IAM tokens")
            .containsEntry("DATASOURCES_DEFAULT_USERNAME", function.name())
            .containsEntry("SAC4CPS_DATABASE_IAM_AUTHENTICATION", "true");
      }
      // The migration step reads the admin's secret when it runs, through the secrets extension.
      template.hasResourceProperties(
          "AWS::Lambda::Function",
          Match.objectLike(
              Map.of(
                  "Handler",
                  "io.sac4cps.platform.migration.MigrationHandler",
                  "Layers",
                  Match.anyValue(),
                  "Environment",
                  Map.of(
                      "Variables",
                      Match.objectLike(
                          Map.of(
                              "FLYWAY_DATASOURCES_DEFAULT_SCHEMAS",
                              function.name(),
                              "FLYWAY_DATASOURCES_DEFAULT_ENABLED",
                              "false",
                              "SAC4CPS_DATABASE_ADMIN_SECRET_ID",
                              Map.of("Ref", adminSecret())))))));
    }
  }

  @Test
  void eachFunctionMayConnectThroughTheProxyAsItsOwnRoleOnly() {
    Map<String, List<String>> usersByRole = new java.util.HashMap<>();
    for (var policy : template.findResources("AWS::IAM::Policy").values()) {
      Map<?, ?> document = (Map<?, ?>) properties(policy).get("PolicyDocument");
      for (Object raw : (List<?>) document.get("Statement")) {
        Map<?, ?> statement = (Map<?, ?>) raw;
        if (asStrings(statement.get("Action")).contains("rds-db:connect")) {
          String resource = String.valueOf(statement.get("Resource"));
          String user = resource.substring(resource.lastIndexOf('/') + 1).replaceAll("\\W.*", "");
          for (String role : asStrings(properties(policy).get("Roles"))) {
            usersByRole.computeIfAbsent(role, r -> new ArrayList<>()).add(user);
          }
        }
      }
    }
    // The proxy's own role signs in to Aurora as each of them, and as nothing else.
    List<String> owners =
        plan.functions().stream().filter(f -> f.ownsSchema()).map(f -> f.name()).toList();
    String proxyRole =
        "{Ref="
            + template.findResources("AWS::IAM::Role").keySet().stream()
                .filter(id -> id.startsWith("DatabaseProxyRole"))
                .findFirst()
                .orElseThrow()
            + "}";
    assertThat(usersByRole.get(proxyRole)).containsAll(owners).containsOnlyElementsOf(owners);
    for (var function : plan.functions()) {
      MicronautFunction lambda = stack.function(function.name());
      String role = "{Ref=" + logicalId(stack, lambda.getRole()) + "}";
      if (function.ownsSchema()) {
        assertThat(usersByRole.get(role)).as(function.name()).containsOnly(function.name());
      } else {
        assertThat(usersByRole).as(function.name()).doesNotContainKey(role);
      }
    }
  }

  @Test
  void eachFunctionsRequestLambdaReservesTheConcurrencyTheWiringGivesIt() {
    for (var function : plan.functions()) {
      assertThat(
              properties(functionResource(stack.function(function.name())))
                  .get("ReservedConcurrentExecutions"))
          .as(function.name())
          .isEqualTo(function.definition().reservedConcurrency().orElseThrow());
    }
  }

  @Test
  void theProxyRequiresTlsAndIamEndToEndAndTheAdminSecretRotates() {
    template.hasResourceProperties(
        "AWS::RDS::DBProxy",
        Match.objectLike(Map.of("RequireTLS", true, "DefaultAuthScheme", "IAM_AUTH")));
    template.hasResourceProperties(
        "AWS::RDS::DBCluster", Match.objectLike(Map.of("EnableIAMDatabaseAuthentication", true)));
    template.hasResourceProperties(
        "AWS::SecretsManager::RotationSchedule",
        Match.objectLike(
            Map.of(
                "SecretId",
                Map.of("Ref", adminSecret()),
                "RotationRules",
                Match.objectLike(Map.of("ScheduleExpression", "rate(30 days)")))));
  }

  private static String adminSecret() {
    var secrets =
        template.findResources(
            "AWS::SecretsManager::SecretTargetAttachment",
            Match.objectLike(Map.of("Properties", Map.of("TargetType", "AWS::RDS::DBCluster"))));
    assertThat(secrets).hasSize(1);
    // The attached secret: what references to the cluster's secret point at.
    return secrets.keySet().iterator().next();
  }

  @Test
  void theWebSocketApiHasConnectDisconnectAndDefaultRoutes() {
    template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "WEBSOCKET"));
    for (String route : List.of("$connect", "$disconnect", "$default")) {
      template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", route));
    }
  }

  @Test
  void theRealJarsCarryTheSchemasTheWiringSaysTheirFunctionsOwn() {
    assertThat(wiring.activeFunctions())
        .anyMatch(f -> f.ownsSchema())
        .anyMatch(f -> !f.ownsSchema());
    for (var function : wiring.activeFunctions()) {
      assertThat(plan.function(function.name()).orElseThrow().ownsSchema())
          .as(function.name())
          .isEqualTo(function.ownsSchema());
    }
  }

  @Test
  void identityReadsItsPrivateJwkFromTheOneSecretItMayReadThroughTheSecretsExtension() {
    String issuerName = wiring.tokenIssuer().orElseThrow().name();
    MicronautFunction identity = stack.function(issuerName);
    String secret = logicalId(stack, stack.getSigningKey().getSecret());
    Map<String, Object> function = functionResource(identity);
    Map<String, Object> environment = environment(identity);

    assertThat(environment)
        .containsEntry("SAC4CPS_IDENTITY_SIGNING_KEY_SECRET_ID", Map.of("Ref", secret))
        .containsEntry("SAC4CPS_CORS_ALLOWED_ORIGINS", dashboardOrigin())
        .containsEntry("FLYWAY_DATASOURCES_DEFAULT_ENABLED", "false")
        .containsKey("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT")
        .doesNotContainKey("SAC4CPS_IDENTITY_SIGNING_KEY");
    assertThat(String.valueOf(environment.get("SAC4CPS_SNS_TOPIC_ARNS_IDENTITY_EVENTS")))
        .contains("Ref")
        .contains("identityevents");
    List<?> layers = (List<?>) properties(function).get("Layers");
    assertThat(String.valueOf(layers))
        .as("the arm64 Parameters and Secrets extension layer, looked up by the stack's region")
        .contains("Fn::FindInMap")
        .contains("{Ref=AWS::Region}")
        .contains("arm64");
    String mapping =
        String.valueOf(((List<?>) ((Map<?, ?>) layers.get(0)).get("Fn::FindInMap")).get(0));
    assertThat(String.valueOf(template.findMappings(mapping).get(mapping).get("eu-central-1")))
        .contains("layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:");
    assertThat(asStrings(function.get("DependsOn")))
        .as("the key exists before SnapStart initialises identity")
        .contains(logicalId(stack, stack.getSigningKey().getKeyPair()));

    // Exactly one Lambda role may read the key: identity's HTTP function (and the custom resource
    // that writes it).
    List<String> readers = new ArrayList<>();
    for (var policy : template.findResources("AWS::IAM::Policy").entrySet()) {
      Map<?, ?> document = (Map<?, ?>) properties(policy.getValue()).get("PolicyDocument");
      for (Object raw : (List<?>) document.get("Statement")) {
        Map<?, ?> statement = (Map<?, ?>) raw;
        if (asStrings(statement.get("Action")).contains("secretsmanager:GetSecretValue")
            && String.valueOf(statement.get("Resource")).equals("{Ref=" + secret + "}")) {
          readers.add(String.valueOf(properties(policy.getValue()).get("Roles")));
        }
      }
    }
    assertThat(readers)
        .anySatisfy(roles -> assertThat(roles).contains(logicalId(stack, identity.getRole())))
        .allSatisfy(
            roles ->
                assertThat(roles)
                    .satisfiesAnyOf(
                        r -> assertThat(r).contains(logicalId(stack, identity.getRole())),
                        r -> assertThat(r).contains("SigningKeyHandler")));
    stack.lambdasOf(issuerName).stream()
        .skip(1)
        .forEach(
            other ->
                assertThat(environment(other))
                    .as("identity's outbox relay does not get the key")
                    .doesNotContainKey("SAC4CPS_IDENTITY_SIGNING_KEY_SECRET_ID"));
  }

  @Test
  void theExtensionLayerArnCanBeGivenAsContext() throws Exception {
    String arn =
        "arn:aws:lambda:eu-central-1:187925254637:layer:"
            + "AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4";
    String collector =
        "arn:aws:lambda:eu-central-1:901920570463:layer:aws-otel-collector-arm64-ver-0-117-0:1";
    App app =
        new App(
            AppProps.builder()
                .outdir(Files.createTempDirectory("cdk.out").toString())
                .context(
                    Map.of(
                        PlatformStack.PARAMS_AND_SECRETS_LAYER_CONTEXT,
                        arn,
                        PlatformStack.TRACE_COLLECTOR_LAYER_CONTEXT,
                        collector))
                .build());
    PlatformStack withArn =
        new PlatformStack(
            app, "sac4cps-dev", StackProps.builder().build(), plan, StageSettings.of("dev", null));
    Template withArnTemplate = Template.fromStack(withArn);
    String identity =
        logicalId(
            withArn, withArn.function(wiring.tokenIssuer().orElseThrow().name()).getFunction());
    assertThat(
            asStrings(
                properties(withArnTemplate.findResources("AWS::Lambda::Function").get(identity))
                    .get("Layers")))
        .as("the secrets extension and the trace collector, both as given")
        .containsExactlyInAnyOrder(arn, collector);
  }

  /**
   * Decision 0048: spans leave every Lambda built on platform-core (all but the authorizer, which
   * makes none) through the ADOT collector extension to X-Ray.
   */
  @Test
  void everyLambdaExportsItsSpansThroughTheAdotCollectorToXRay() throws Exception {
    for (var function : plan.functions()) {
      if (function.definition().role() == Role.AUTHORIZER) {
        // No framework, no spans: no collector to start beside it.
        for (MicronautFunction lambda : stack.lambdasOf(function.name())) {
          assertThat(environment(lambda)).doesNotContainKey("TELEMETRY_OTLP_ENDPOINT");
          assertThat(String.valueOf(properties(functionResource(lambda)).get("Layers")))
              .doesNotContain("aws-otel-collector");
        }
        continue;
      }
      try (var jar = new java.util.zip.ZipFile(function.jar().toFile())) {
        var entry = jar.getEntry("otel-collector.yaml");
        assertThat(entry)
            .as(function.name() + "'s jar ships the collector's configuration")
            .isNotNull();
        String config =
            new String(
                jar.getInputStream(entry).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(config).contains("endpoint: localhost:4318").contains("awsxray:");
      }
      for (MicronautFunction lambda : stack.lambdasOf(function.name())) {
        String path = lambda.getNode().getPath();
        assertThat(String.valueOf(properties(functionResource(lambda)).get("Layers")))
            .as(path + " has CDK's arm64 collector layer of ADOT 0.115.0 in the stack's region")
            .contains(":layer:aws-otel-collector-arm64-ver-0-115-0:")
            .contains("{Ref=AWS::Region}");
        assertThat(environment(lambda))
            .as(path)
            .containsEntry("TELEMETRY_OTLP_ENDPOINT", "http://localhost:4318/v1/traces")
            .containsEntry("OPENTELEMETRY_COLLECTOR_CONFIG_URI", "/var/task/otel-collector.yaml");
        assertThat(policyStatementsOf(lambda))
            .as(path + " may write to X-Ray")
            .anySatisfy(
                statement -> {
                  assertThat(asStrings(statement.get("Action")))
                      .containsExactlyInAnyOrder(
                          "xray:PutTraceSegments", "xray:PutTelemetryRecords");
                  assertThat(statement.get("Effect")).isEqualTo("Allow");
                });
      }
    }
    assertThat(
            template.findResources(
                "AWS::Lambda::Function",
                Match.objectLike(
                    Map.of("Properties", Map.of("TracingConfig", Map.of("Mode", "Active"))))))
        .as("no active tracing: it would add a second, unlinked trace")
        .isEmpty();
  }

  @Test
  void everyFunctionAndTheAuthorizerVerifyTokensWithIdentitysPublicKeys() {
    String keyPair = logicalId(stack, stack.getSigningKey().getKeyPair());
    for (var function : plan.functions()) {
      for (MicronautFunction lambda : stack.lambdasOf(function.name())) {
        Map<String, Object> environment = environment(lambda);
        assertThat(environment.get("SAC4CPS_SECURITY_JWKS"))
            .as(lambda.getNode().getPath())
            .isEqualTo(Map.of("Fn::GetAtt", List.of(keyPair, "Jwks")));
        assertThat(String.valueOf(environment.get("SAC4CPS_SECURITY_ISSUER")))
            .contains(logicalId(stack, stack.getRestApi().getApi()));
        assertThat(environment).containsEntry("SAC4CPS_SECURITY_AUDIENCE", "sac4cps-api");
        assertThat(environment)
            .as("no private key material in any environment")
            .doesNotContainKeys("SAC4CPS_IDENTITY_SIGNING_KEY", "SAC4CPS_SECURITY_SIGNING_KEY_PEM");
      }
    }
  }

  @Test
  void kafkaConsumersSendPoisonRecordsToTheirDeadLetterQueueAndSnsProducersPublish() {
    assertThat(plan.kafkaTopics().stream().flatMap(t -> t.consumers().stream())).isNotEmpty();
    for (var topic : plan.kafkaTopics()) {
      for (var consumerSpec : topic.consumers()) {
        MicronautFunction consumer =
            stack.lambdaOf(consumerSpec.function(), consumerSpec.handler());
        assertThat(properties(functionResource(consumer)).get("Handler"))
            .isEqualTo(consumerSpec.handler());
        String dlq =
            template
                .findResources(
                    "AWS::SQS::Queue",
                    Match.objectLike(Map.of("Properties", Map.of("QueueName", consumerSpec.dlq()))))
                .keySet()
                .iterator()
                .next();
        assertThat(environment(consumer))
            .containsEntry(
                "SAC4CPS_SQS_QUEUE_URLS_"
                    + consumerSpec.dlq().replace('-', '_').toUpperCase(Locale.ROOT),
                Map.of("Ref", dlq));
        assertThat(policyStatementsOf(consumer))
            .anySatisfy(
                statement -> {
                  assertThat(asStrings(statement.get("Action"))).contains("sqs:SendMessage");
                  assertThat(statement.get("Resource"))
                      .isEqualTo(Map.of("Fn::GetAtt", List.of(dlq, "Arn")));
                });
      }
    }
    assertThat(plan.topics().stream().flatMap(t -> t.producers().stream())).isNotEmpty();
    for (var topic : plan.topics()) {
      String variable =
          "SAC4CPS_SNS_TOPIC_ARNS_" + topic.name().replace('-', '_').toUpperCase(Locale.ROOT);
      for (String producer : topic.producers()) {
        for (MicronautFunction lambda : stack.lambdasOf(producer)) {
          assertThat(String.valueOf(environment(lambda).get(variable)))
              .as(producer + " " + variable)
              .contains("Ref")
              .contains(topic.name().replace("-", ""));
        }
      }
    }
  }

  @Test
  void everyLambdaGetsExactlyTheVariablesContractsDescribeForItsHandler() {
    for (var function : plan.functions()) {
      FunctionEnvironment described = FunctionEnvironment.of(plan.wiring(), function.name());
      for (var entry : stack.lambdasByHandler(function.name()).entrySet()) {
        // In AWS the signing key is read from its secret through the layer's extension, never set
        // itself, and the database role signs in with IAM tokens, never a password; the local
        // stack sets the key store's URL and the password (LocalFunctionVariablesTest); every
        // other name is the same in both.
        List<String> expected =
            described.variables(entry.getKey()).stream()
                .filter(v -> v.meaning() != FunctionEnvironment.Meaning.SIGNING_KEY)
                .filter(v -> v.meaning() != FunctionEnvironment.Meaning.SECRETS_EXTENSION_URL)
                .filter(v -> v.meaning() != FunctionEnvironment.Meaning.DATABASE_PASSWORD)
                .map(FunctionEnvironment.Variable::name)
                .toList();
        assertThat(
                environment(entry.getValue()).keySet().stream()
                    .filter(FunctionEnvironment::isApplicationSetting))
            .as(function.name() + " " + entry.getKey())
            .containsExactlyInAnyOrderElementsOf(expected);
      }
    }
  }

  @Test
  void eachEventProducerHasAnOutboxRelayRunEveryMinute() {
    List<String> producers =
        plan.functions().stream()
            .map(f -> f.name())
            .filter(
                name ->
                    plan.topics().stream().anyMatch(t -> t.producers().contains(name))
                        || plan.kafkaTopics().stream().anyMatch(t -> t.producers().contains(name))
                        || plan.queues().stream().anyMatch(q -> q.producers().contains(name)))
            .toList();
    assertThat(producers)
        .isNotEmpty()
        .containsExactlyInAnyOrderElementsOf(
            wiring.activeFunctions().stream()
                .map(f -> f.name())
                .filter(wiring::producesEvents)
                .toList());
    for (var function : plan.functions()) {
      List<MicronautFunction> relays =
          stack.lambdasOf(function.name()).stream()
              .filter(
                  l ->
                      plan.wiring()
                          .outboxRelayHandler()
                          .orElseThrow()
                          .equals(properties(functionResource(l)).get("Handler")))
              .toList();
      // A consumer that produces nothing still gets the tick: it purges its processed-event ids
      // (Wiring.runsOutboxRelay, decision 0012); notifications is the first such function.
      if (!wiring.runsOutboxRelay(function.name())) {
        assertThat(relays).as(function.name()).isEmpty();
        continue;
      }
      assertThat(relays).as(function.name()).hasSize(1);
      MicronautFunction relay = relays.get(0);
      assertThat(
              template.findResources(
                  "AWS::Events::Rule",
                  Match.objectLike(
                      Map.of(
                          "Properties",
                          Map.of(
                              "ScheduleExpression",
                              "rate(1 minute)",
                              "State",
                              "ENABLED",
                              "Targets",
                              List.of(
                                  Match.objectLike(
                                      Map.of(
                                          "Arn",
                                          Map.of("Ref", logicalId(stack, relay.getAlias())),
                                          "RetryPolicy",
                                          Map.of(
                                              "MaximumRetryAttempts",
                                              2,
                                              "MaximumEventAgeInSeconds",
                                              60),
                                          "DeadLetterConfig",
                                          Map.of(
                                              "Arn",
                                              Map.of(
                                                  "Fn::GetAtt",
                                                  List.of(
                                                      relayScheduleDeadLetterQueue(),
                                                      "Arn")))))))))))
          .as(function.name() + " relay schedule")
          .hasSize(1);
      // The relay publishes with the same configuration and grants as the function itself.
      Map<String, Object> http = environment(stack.function(function.name()));
      Map<String, Object> relayEnvironment = environment(relay);
      for (String key : List.of("DATASOURCES_DEFAULT_URL", "FLYWAY_DATASOURCES_DEFAULT_ENABLED")) {
        assertThat(relayEnvironment.get(key)).as(key).isEqualTo(http.get(key));
      }
      http.keySet().stream()
          .filter(k -> k.startsWith("SAC4CPS_SNS_TOPIC_ARNS_") || k.startsWith("KAFKA_"))
          .forEach(k -> assertThat(relayEnvironment.get(k)).as(k).isEqualTo(http.get(k)));
    }
  }

  @Test
  void tasksSendsWorkToEachKindsQueueConsumesReportsAndMayReadTheReportsBucket() {
    List<MicronautFunction> lambdas = stack.lambdasOf("tasks");
    assertThat(lambdas).as("HTTP, the task.reports consumer and the outbox relay").hasSize(3);
    MicronautFunction reportsConsumer =
        lambdas.stream()
            .filter(
                l ->
                    "io.sac4cps.tasks.events.TaskReportsHandler"
                        .equals(properties(functionResource(l)).get("Handler")))
            .findFirst()
            .orElseThrow();
    assertThat(
            template
                .findResources(
                    "AWS::Lambda::EventSourceMapping",
                    Match.objectLike(
                        Map.of("Properties", Map.of("Topics", List.of("task.reports")))))
                .values())
        .singleElement()
        .satisfies(
            mapping ->
                assertThat(String.valueOf(properties(mapping).get("FunctionName")))
                    .contains("Ref=" + logicalId(stack, reportsConsumer.getAlias()) + "}"));
    for (var kind : wiring.taskKinds()) {
      String queue =
          template
              .findResources(
                  "AWS::SQS::Queue",
                  Match.objectLike(Map.of("Properties", Map.of("QueueName", kind.queue()))))
              .keySet()
              .iterator()
              .next();
      String variable =
          "SAC4CPS_SQS_QUEUE_URLS_" + kind.queue().toUpperCase(Locale.ROOT).replace('-', '_');
      for (MicronautFunction lambda : lambdas) {
        assertThat(environment(lambda)).containsEntry(variable, Map.of("Ref", queue));
        assertThat(policyStatementsOf(lambda))
            .as(kind.queue())
            .anySatisfy(
                statement -> {
                  assertThat(asStrings(statement.get("Action"))).contains("sqs:SendMessage");
                  assertThat(statement.get("Resource"))
                      .isEqualTo(Map.of("Fn::GetAtt", List.of(queue, "Arn")));
                });
      }
    }
    for (MicronautFunction lambda : lambdas) {
      assertThat(environment(lambda)).containsKey("SAC4CPS_S3_BUCKETS_REPORTS");
      assertThat(policyStatementsOf(lambda))
          .anySatisfy(
              s ->
                  assertThat(asStrings(s.get("Action")))
                      .anyMatch(a -> a.startsWith("s3:GetObject")));
    }
  }

  @Test
  void theSigningKeyRingRotatesEvery30DaysThroughItsOwnFunctionAndVerifiersFollowTheJwks() {
    String secret = logicalId(stack, stack.getSigningKey().getSecret());
    Map<String, Map<String, Object>> schedules =
        template.findResources(
            "AWS::SecretsManager::RotationSchedule",
            Match.objectLike(Map.of("Properties", Map.of("SecretId", Map.of("Ref", secret)))));
    assertThat(schedules).hasSize(1);
    Map<String, Object> schedule = schedules.values().iterator().next();
    Map<String, Object> properties = properties(schedule);
    assertThat(String.valueOf(properties.get("RotationLambdaARN")))
        .contains(logicalId(stack, stack.getSigningKey().getHandler().getFunction()));
    assertThat(String.valueOf(properties.get("RotationRules")))
        .contains("ScheduleExpression=rate(30 days)");
    assertThat(properties).containsEntry("RotateImmediatelyOnUpdate", false);
    assertThat(asStrings(schedule.get("DependsOn")))
        .as("the ring exists before the first rotation")
        .contains(logicalId(stack, stack.getSigningKey().getKeyPair()));
    String generator =
        String.valueOf(
            ((List<?>) ((Map<?, ?>) properties.get("RotationLambdaARN")).get("Fn::GetAtt")).get(0));
    assertThat(
            String.valueOf(
                properties(template.findResources("AWS::Lambda::Function").get(generator))
                    .get("Environment")))
        .as("a rotated-out key stays published for an hour")
        .contains("SAC4CPS_SIGNING_KEY_OVERLAP_SECONDS=3600");
    for (var function : plan.functions()) {
      for (MicronautFunction lambda : stack.lambdasOf(function.name())) {
        assertThat(String.valueOf(environment(lambda).get("SAC4CPS_SECURITY_JWKS_URL")))
            .as(lambda.getNode().getPath())
            .contains(logicalId(stack, stack.getRestApi().getApi()))
            .endsWith("/.well-known/jwks.json]]}");
      }
    }
  }

  @Test
  void theRingIsFilledAndRotatedBySigningKeyRingsOwnJavaHandlerFromIdentitysJar() {
    MicronautFunction rotation = stack.getSigningKey().getHandler();
    Map<String, Object> function = properties(functionResource(rotation));
    assertThat(function)
        .containsEntry("Handler", "io.sac4cps.identity.token.SigningKeyRotation")
        .containsEntry("Runtime", "java25")
        .containsEntry("Architectures", List.of("arm64"))
        .doesNotContainKey("SnapStart")
        .doesNotContainKey("VpcConfig");
    MicronautFunction identity = stack.function(wiring.tokenIssuer().orElseThrow().name());
    assertThat(((Map<?, ?>) function.get("Code")).get("S3Key"))
        .as("the same asset as identity's function: identity's shaded jar")
        .isEqualTo(((Map<?, ?>) properties(functionResource(identity)).get("Code")).get("S3Key"));
    String provider =
        String.valueOf(
            properties(template.findResources("Custom::SigningKey").values().iterator().next())
                .get("ServiceToken"));
    assertThat(provider).contains("SigningKeyProvider");
    Map<String, Object> alarm =
        properties(
            template
                .findResources(
                    "AWS::CloudWatch::Alarm",
                    Match.objectLike(
                        Map.of(
                            "Properties",
                            Map.of(
                                "MetricName",
                                "Errors",
                                "Dimensions",
                                List.of(
                                    Map.of(
                                        "Name",
                                        "FunctionName",
                                        "Value",
                                        Map.of(
                                            "Ref", logicalId(stack, rotation.getFunction()))))))))
                .values()
                .iterator()
                .next());
    assertThat(alarm.get("AlarmActions")).as("a failed rotation pages someone").isNotNull();
    for (var lambda : template.findResources("AWS::Lambda::Function").entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> code = (Map<String, Object>) properties(lambda.getValue()).get("Code");
      assertThat(code)
          .as("%s: no inline code (the ring had a Node copy once)", lambda.getKey())
          .doesNotContainKey("ZipFile");
    }
  }

  @Test
  void kafkaConsumersHaveTheirScopedGrantsAndNoManagedMskPolicy() {
    assertThat(
            template.findResources("AWS::Lambda::EventSourceMapping").values().stream()
                .filter(m -> properties(m).containsKey("Topics")))
        .as("the stack has Kafka consumers")
        .isNotEmpty();
    for (var role : template.findResources("AWS::IAM::Role").entrySet()) {
      assertThat(String.valueOf(properties(role.getValue()).get("ManagedPolicyArns")))
          .as(role.getKey() + ": AWSLambdaMSKExecutionRole grants kafka and ec2 actions on *")
          .doesNotContain("AWSLambdaMSKExecutionRole");
    }
  }

  @Test
  void theSigningKeyIsAGeneratedSecretFilledWithAKeyPair() {
    template.resourceCountIs("Custom::SigningKey", 1);
    template.hasOutput("ApiUrl", Match.anyValue());
    template.hasOutput("WebSocketUrl", Match.anyValue());
  }

  static Map<String, Object> functionResource(MicronautFunction lambda) {
    return template
        .findResources("AWS::Lambda::Function")
        .get(logicalId(stack, lambda.getFunction()));
  }

  @SuppressWarnings("unchecked")
  @Test
  void theDashboardIsAPrivateBucketBehindCloudFrontOverHttpsWithSecurityHeadersAndSpaFallback() {
    assertThat(stack.getWeb()).as("web/target/dist is built before this module").isNotNull();
    String bucket = logicalId(stack, stack.getWeb().getBucket());
    assertThat(properties(template.findResources("AWS::S3::Bucket").get(bucket)))
        .containsEntry(
            "PublicAccessBlockConfiguration",
            Map.of(
                "BlockPublicAcls", true,
                "BlockPublicPolicy", true,
                "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true));
    // Reachable only through the distribution: origin access control signs CloudFront's requests.
    template.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    Map<String, Object> config =
        cast(
            properties(
                    template
                        .findResources("AWS::CloudFront::Distribution")
                        .get(logicalId(stack, stack.getWeb().getDistribution())))
                .get("DistributionConfig"));
    Map<String, Object> behavior = cast(config.get("DefaultCacheBehavior"));
    assertThat(behavior.get("ViewerProtocolPolicy")).isEqualTo("redirect-to-https");
    assertThat(config.get("DefaultRootObject")).isEqualTo("index.html");
    assertThat(config.get("CustomErrorResponses"))
        .isEqualTo(
            List.of(
                Map.of(
                    "ErrorCode", 403,
                    "ErrorCachingMinTTL", 0,
                    "ResponseCode", 200,
                    "ResponsePagePath", "/index.html"),
                Map.of(
                    "ErrorCode", 404,
                    "ErrorCachingMinTTL", 0,
                    "ResponseCode", 200,
                    "ResponsePagePath", "/index.html")));
    Map<String, Object> headers =
        cast(
            cast(properties(
                        template
                            .findResources("AWS::CloudFront::ResponseHeadersPolicy")
                            .values()
                            .iterator()
                            .next())
                    .get("ResponseHeadersPolicyConfig"))
                .get("SecurityHeadersConfig"));
    assertThat(headers)
        .containsKeys(
            "ContentSecurityPolicy",
            "StrictTransportSecurity",
            "ContentTypeOptions",
            "FrameOptions",
            "ReferrerPolicy");
    assertThat(String.valueOf(headers.get("ContentSecurityPolicy")))
        .contains("default-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(String.valueOf(headers.get("FrameOptions"))).contains("DENY");
    // The app is uploaded with a config.json naming the REST and WebSocket APIs.
    Map<String, Map<String, Object>> deployments =
        template.findResources("Custom::CDKBucketDeployment");
    assertThat(deployments).hasSize(1);
    String deployment = String.valueOf(deployments.values().iterator().next());
    assertThat(deployment)
        .contains("config.json")
        .contains(logicalId(stack, stack.getRestApi().getApi()));
  }

  @Test
  void theApisAllowExactlyTheDashboardsOriginForCors() {
    Object origin = dashboardOrigin();
    assertThat(stack.getStage().allowedOrigins()).hasSize(1);
    for (String name : plan.functions().stream().map(f -> f.name()).toList()) {
      Map<String, Object> environment = environment(stack.function(name));
      if (environment.containsKey("SAC4CPS_CORS_ALLOWED_ORIGINS")) {
        assertThat(environment.get("SAC4CPS_CORS_ALLOWED_ORIGINS")).as(name).isEqualTo(origin);
      }
    }
    apiMethods(Match.objectLike(Map.of("Properties", Map.of("HttpMethod", "OPTIONS"))))
        .values()
        .forEach(
            method ->
                assertThat(inStack(String.valueOf(properties(method).get("Integration"))))
                    .contains(logicalId(stack, stack.getWeb().getDistribution()))
                    .doesNotContain("'*'"));
  }

  @Test
  void everySnsSubscriptionDeadLettersIntoItsQueuesDlq() {
    Map<String, Map<String, Object>> subscriptions =
        template.findResources("AWS::SNS::Subscription");
    assertThat(subscriptions)
        .hasSize(plan.topics().stream().mapToInt(t -> t.subscriptions().size()).sum());
    subscriptions.forEach(
        (id, subscription) -> {
          String endpoint = String.valueOf(properties(subscription).get("Endpoint"));
          String redrive = String.valueOf(properties(subscription).get("RedrivePolicy"));
          // Endpoint Queue-<name>Queue…, dead letters into Queue-<name>Dlq… of the same queue.
          String queue = endpoint.replaceAll(".*Queue(\\w+?)Queue[0-9A-F]{8}.*", "$1");
          assertThat(redrive).as(id).contains("deadLetterTargetArn").contains(queue + "Dlq");
        });
  }

  @Test
  void theRestApiStageSitsBehindAWafRateLimitPerClientAddress() {
    Map<String, Object> acl =
        properties(template.findResources("AWS::WAFv2::WebACL").values().iterator().next());
    assertThat(acl.get("Scope")).isEqualTo("REGIONAL");
    Map<String, Object> rule = cast(((List<?>) acl.get("Rules")).get(0));
    assertThat(rule.get("Action")).isEqualTo(Map.of("Block", Map.of()));
    assertThat(cast(cast(rule.get("Statement")).get("RateBasedStatement")))
        .containsEntry("AggregateKeyType", "IP")
        .containsEntry(
            "Limit",
            io.sac4cps.infra.constructs.RateLimitFirewall.REQUESTS_PER_ADDRESS_PER_5_MINUTES);
    Map<String, Object> association =
        properties(
            template.findResources("AWS::WAFv2::WebACLAssociation").values().iterator().next());
    assertThat(String.valueOf(association.get("ResourceArn")))
        .contains("restapis")
        .contains(logicalId(stack, stack.getRestApi().getApi()))
        .contains("/stages/");
  }

  @Test
  void flowLogsWebSocketThrottlingAndDatabaseIamAuthenticationAreOn() {
    Map<String, Object> flowLog =
        properties(template.findResources("AWS::EC2::FlowLog").values().iterator().next());
    assertThat(flowLog).containsEntry("TrafficType", "ALL").containsEntry("ResourceType", "VPC");
    Map<String, Object> webSocketStage =
        properties(template.findResources("AWS::ApiGatewayV2::Stage").values().iterator().next());
    assertThat(cast(webSocketStage.get("DefaultRouteSettings")))
        .containsEntry("ThrottlingRateLimit", 500)
        .containsEntry("ThrottlingBurstLimit", 1000);
    assertThat(properties(template.findResources("AWS::RDS::DBCluster").values().iterator().next()))
        .containsEntry("EnableIAMDatabaseAuthentication", true);
  }

  /** The logical id of the alarmed queue that failed relay-schedule invocations land in. */
  static String relayScheduleDeadLetterQueue() {
    return template
        .findResources(
            "AWS::SQS::Queue",
            Match.objectLike(
                Map.of("Properties", Map.of("QueueName", "outbox-relay-schedule-dlq"))))
        .keySet()
        .iterator()
        .next();
  }

  /** {@code https://<distribution domain>} as CloudFormation spells it. */
  static Object dashboardOrigin() {
    return Map.of(
        "Fn::Join",
        List.of(
            "",
            List.of(
                "https://",
                Map.of(
                    "Fn::GetAtt",
                    List.of(logicalId(stack, stack.getWeb().getDistribution()), "DomainName")))));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cast(Object value) {
    return (Map<String, Object>) value;
  }

  static Map<String, Object> environment(MicronautFunction lambda) {
    return environment(template, stack, lambda);
  }

  /** The environment variables of {@code lambda} in {@code template} of {@code stack}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> environment(Template template, Stack stack, MicronautFunction lambda) {
    Map<String, Object> function =
        template.findResources("AWS::Lambda::Function").get(logicalId(stack, lambda.getFunction()));
    return (Map<String, Object>)
        ((Map<String, Object>) properties(function).get("Environment")).get("Variables");
  }

  /** The statements of the policies attached to {@code lambda}'s role. */
  static List<Map<?, ?>> policyStatementsOf(MicronautFunction lambda) {
    String role = logicalId(stack, lambda.getRole());
    List<Map<?, ?>> statements = new ArrayList<>();
    for (var policy : template.findResources("AWS::IAM::Policy").values()) {
      if (String.valueOf(properties(policy).get("Roles")).contains(role)) {
        Map<?, ?> document = (Map<?, ?>) properties(policy).get("PolicyDocument");
        ((List<?>) document.get("Statement")).forEach(s -> statements.add((Map<?, ?>) s));
      }
    }
    return statements;
  }

  static String logicalId(Stack stack, software.constructs.IConstruct construct) {
    return stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
  }

  static String logicalId(Stack stack, software.constructs.IConstruct parent, String child) {
    software.constructs.IConstruct found = parent.getNode().findChild(child);
    return stack.getLogicalId((CfnElement) found.getNode().getDefaultChild());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }

  static List<String> asStrings(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return List.of(String.valueOf(value));
  }
}
