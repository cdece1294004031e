package io.sac4cps.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import io.sac4cps.contracts.wiring.SqsQueue;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.infra.constructs.MicronautFunction;
import io.sac4cps.infra.plan.ContractDeploymentPlan;
import io.sac4cps.infra.plan.DeploymentPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The stack built from the real contracts/openapi.yaml and contracts/wiring.yaml, with a small jar
 * standing in for each function module (see {@link InfraAppTest} for the real jars).
 */
class PlatformStackTest {

  static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

  static ApiContract contract;
  static Wiring wiring;
  static DeploymentPlan plan;
  static PlatformStack stack;
  static Template template;

  @BeforeAll
  static void synthesize() throws Exception {
    contract = ApiContract.load(REPOSITORY.resolve("contracts/openapi.yaml"));
    wiring = Wiring.load(REPOSITORY.resolve("contracts/wiring.yaml"));
    Path functions =
        FunctionModulesFixture.create(
            Files.createTempDirectory("functions"),
            wiring,
            Set.of("identity", "sensors", "rooms", "analytics", "notifications", "tasks"));
    plan = ContractDeploymentPlan.of(contract, wiring, functions);
    App app =
        new App(AppProps.builder().outdir(Files.createTempDirectory("cdk.out").toString()).build());
    stack =
        new PlatformStack(
            app, "sac4cps-dev", StackProps.builder().build(), plan, StageSettings.of("dev", null));
    template = Template.fromStack(stack);
  }

  @Test
  void everyDeployedContractRouteReachesItsFunctionThroughTheAuthorizerWhenSecured() {
    String authorizerId = logicalId(stack, stack.getRestApi(), "Authorizer");
    for (Operation operation : contract.activeOperations()) {
      Map<String, Map<String, Object>> methods =
          template.findResources(
              "AWS::ApiGateway::Method",
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
      String integration = String.valueOf(properties.get("Integration"));
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
        assertThat(String.valueOf(properties.get("AuthorizerId"))).contains(authorizerId);
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
                template.findResources(
                    "AWS::ApiGateway::Method",
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
            "method.request.header.Authorization,context.httpMethod,context.resourceId"));
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
  void theStageWritesJsonAccessLogsAndAUsagePlanBoundsIt() {
    template.hasResourceProperties(
        "AWS::ApiGateway::Stage",
        Map.of(
            "StageName",
            "dev",
            "AccessLogSetting",
            Map.of(
                "Format", Match.stringLikeRegexp("\\{\"requestId\":\"\\$context.requestId\".*"))));
    template.resourceCountIs("AWS::ApiGateway::UsagePlan", 1);
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
        template.findResources(
            "AWS::ApiGateway::Method",
            Match.objectLike(Map.of("Properties", Map.of("HttpMethod", "OPTIONS"))));
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
  void everyFunctionRunsJava21OnArmWithSnapStartBehindTheLiveAliasAndJsonLogs() {
    Map<String, Map<String, Object>> javaFunctions =
        template.findResources(
            "AWS::Lambda::Function",
            Match.objectLike(Map.of("Properties", Map.of("Runtime", "java21"))));
    assertThat(javaFunctions).isNotEmpty();
    for (var function : javaFunctions.entrySet()) {
      Map<String, Object> p = properties(function.getValue());
      assertThat(p.get("Architectures")).as(function.getKey()).isEqualTo(List.of("arm64"));
      assertThat(String.valueOf(p.get("LoggingConfig"))).contains("LogFormat=JSON");
      assertThat(String.valueOf(p.get("LoggingConfig"))).contains("LogGroup");
    }
    for (var function : plan.functions()) {
      for (MicronautFunction lambda : stack.lambdasOf(function.name())) {
        String id = logicalId(stack, lambda.getFunction());
        assertThat(properties(template.findResources("AWS::Lambda::Function").get(id)))
            .as(id)
            .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
            .containsEntry("MemorySize", function.memoryMb())
            .containsEntry("Timeout", function.timeoutSeconds());
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
  void functionsGetResourcesByReferenceNeverByHardCodedName() {
    String sensors = logicalId(stack, stack.function("sensors").getFunction());
    Map<String, Object> environment =
        (Map<String, Object>)
            ((Map<String, Object>)
                    properties(template.findResources("AWS::Lambda::Function").get(sensors))
                        .get("Environment"))
                .get("Variables");
    assertThat(String.valueOf(environment.get("DATASOURCES_DEFAULT_URL")))
        .contains("Fn::GetAtt")
        .contains("currentSchema=sensors");
    assertThat(String.valueOf(environment.get("KAFKA_BOOTSTRAP_SERVERS"))).contains("Fn::GetAtt");
    assertThat(String.valueOf(environment.get("DATASOURCES_DEFAULT_PASSWORD")))
        .contains("{{resolve:secretsmanager:");
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
      template.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", topic.name()));
      for (var subscription : topic.subscriptions()) {
        assertThat(
                template.findResources(
                    "AWS::SNS::Subscription",
                    Match.objectLike(
                        Map.of(
                            "Properties",
                            Map.of(
                                "Protocol",
                                "sqs",
                                "RawMessageDelivery",
                                subscription.rawMessageDelivery())))))
            .as(topic.name() + " → " + subscription.queue())
            .isNotEmpty();
      }
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
  void theWebSocketApiHasConnectDisconnectAndDefaultRoutes() {
    template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "WEBSOCKET"));
    for (String route : List.of("$connect", "$disconnect", "$default")) {
      template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", route));
    }
  }

  @Test
  void theSigningKeyIsAGeneratedSecretFilledWithAKeyPair() {
    template.resourceCountIs("Custom::SigningKey", 1);
    template.hasOutput("ApiUrl", Match.anyValue());
    template.hasOutput("WebSocketUrl", Match.anyValue());
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
