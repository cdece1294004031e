package io.sac4cps.infra;

import static io.sac4cps.infra.PlatformStackTest.asStrings;
import static io.sac4cps.infra.PlatformStackTest.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.infra.constructs.MicronautFunction;
import io.sac4cps.infra.plan.ContractDeploymentPlan;
import io.sac4cps.infra.plan.DeploymentPlan;
import io.sac4cps.infra.plan.FunctionModulesFixture;
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
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The stack for what the planned functions need, from a wiring in which they are deployed (their
 * modules do not exist yet, so tiny jars stand in): a WebSocket handler behind the WebSocket API,
 * an SQS queue as an outbox destination and a bucket for reports.
 */
class NextFunctionsStackTest {

  static final String WEBSOCKET_HANDLER = "io.sac4cps.notifications.live.WebSocketHandler";
  static final String HTTP_HANDLER =
      "io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction";

  static final String WIRING =
      """
      functions:
        - {name: authorizer, role: authorizer, schema: false, handler: io.example.Authorizer, memoryMb: 512, timeoutSeconds: 5}
        - {name: identity, role: token-issuer, schema: false, handler: %1$s, memoryMb: 512, timeoutSeconds: 15}
        - {name: tasks, handler: %1$s, memoryMb: 512, timeoutSeconds: 15}
        - name: notifications
          handler: %1$s
          websocket: {handler: %2$s}
          memoryMb: 512
          timeoutSeconds: 15
      topics: []
      queues:
        - {name: analytics-work, producers: [tasks], batchSize: 1, visibilityTimeoutSeconds: 60, maxReceiveCount: 3}
      kafka: []
      buckets:
        - {name: reports, users: [tasks], expireAfterDays: 30}
      outboxRelay: {handler: io.sac4cps.platform.outbox.OutboxRelayHandler}
      """
          .formatted(HTTP_HANDLER, WEBSOCKET_HANDLER);

  static final String OPENAPI =
      """
      openapi: 3.0.3
      info: {title: t, version: "1"}
      paths:
        /health:
          get:
            operationId: getHealth
            x-function: gateway
            x-roles: []
            x-throttle: {rateLimit: 10, burstLimit: 20}
            security: []
            responses: {"200": {description: up}}
        /tasks:
          get:
            operationId: listTasks
            x-function: tasks
            x-roles: [viewer]
            x-throttle: {rateLimit: 5, burstLimit: 10}
            responses: {"200": {description: ok}}
      """;

  static PlatformStack stack;
  static Template template;

  @BeforeAll
  static void synthesize() throws Exception {
    Wiring wiring = Wiring.parse(WIRING);
    Path functions =
        FunctionModulesFixture.create(
            Files.createTempDirectory("functions"), wiring, Set.of("tasks", "notifications"));
    DeploymentPlan plan = ContractDeploymentPlan.of(ApiContract.parse(OPENAPI), wiring, functions);
    App app =
        new App(AppProps.builder().outdir(Files.createTempDirectory("cdk.out").toString()).build());
    stack =
        new PlatformStack(
            app, "sac4cps-dev", StackProps.builder().build(), plan, StageSettings.of("dev", null));
    template = Template.fromStack(stack);
  }

  @Test
  void theWebSocketRoutesInvokeTheWebSocketHandlerNotTheRestHandler() {
    MicronautFunction webSocket = stack.lambdaOf("notifications", WEBSOCKET_HANDLER);
    MicronautFunction rest = stack.function("notifications");
    assertThat(properties(resource(webSocket.getFunction())).get("Handler"))
        .isEqualTo(WEBSOCKET_HANDLER);
    assertThat(properties(resource(rest.getFunction())).get("Handler")).isEqualTo(HTTP_HANDLER);

    for (String route : List.of("$connect", "$disconnect", "$default")) {
      Map<String, Object> routeProperties = onlyResource("AWS::ApiGatewayV2::Route", route);
      String integrationId = referencedIntegration(routeProperties);
      String uri =
          String.valueOf(
              properties(
                      template.findResources("AWS::ApiGatewayV2::Integration").get(integrationId))
                  .get("IntegrationUri"));
      assertThat(uri)
          .as(route)
          .contains(logicalId(webSocket.getAlias()))
          .doesNotContain(logicalId(rest.getAlias()));
    }
    Map<String, Object> connect = onlyResource("AWS::ApiGatewayV2::Route", "$connect");
    assertThat(connect).containsEntry("AuthorizationType", "CUSTOM");
    String authorizerUri =
        String.valueOf(
            properties(
                    template
                        .findResources("AWS::ApiGatewayV2::Authorizer")
                        .values()
                        .iterator()
                        .next())
                .get("AuthorizerUri"));
    assertThat(authorizerUri).contains(logicalId(stack.function("authorizer").getAlias()));
  }

  @Test
  void everyLambdaOfTheWebSocketFunctionMayPushToConnections() {
    for (MicronautFunction lambda : stack.lambdasOf("notifications")) {
      assertThat(
              String.valueOf(
                  PlatformStackTest.environment(template, stack, lambda)
                      .get("SAC4CPS_WEBSOCKET_CALLBACK_URL")))
          .as(lambda.getNode().getPath())
          .contains("https://")
          .contains(logicalId(stack.getWebSocketApi().getApi()));
      assertThat(statementsOf(lambda))
          .as(lambda.getNode().getPath())
          .anySatisfy(
              s ->
                  assertThat(asStrings(s.get("Action"))).contains("execute-api:ManageConnections"));
    }
  }

  @Test
  void anOutboxQueueProducerMaySendToItAndFindsItsUrl() {
    String queue = queueId("analytics-work");
    assertThat(stack.lambdasOf("tasks")).as("the HTTP Lambda and its outbox relay").hasSize(2);
    for (MicronautFunction lambda : stack.lambdasOf("tasks")) {
      assertThat(PlatformStackTest.environment(template, stack, lambda))
          .containsEntry("SAC4CPS_SQS_QUEUE_URLS_ANALYTICS_WORK", Map.of("Ref", queue));
      assertThat(statementsOf(lambda))
          .anySatisfy(
              s -> {
                assertThat(asStrings(s.get("Action"))).contains("sqs:SendMessage");
                assertThat(s.get("Resource"))
                    .isEqualTo(Map.of("Fn::GetAtt", List.of(queue, "Arn")));
              });
    }
    for (MicronautFunction lambda : stack.lambdasOf("notifications")) {
      assertThat(PlatformStackTest.environment(template, stack, lambda))
          .doesNotContainKey("SAC4CPS_SQS_QUEUE_URLS_ANALYTICS_WORK");
    }
  }

  @Test
  void theReportsBucketIsEncryptedPrivateTlsOnlyAndExpiresObjects() {
    Map<String, Map<String, Object>> buckets = template.findResources("AWS::S3::Bucket");
    assertThat(buckets).hasSize(1);
    String bucketId = buckets.keySet().iterator().next();
    Map<String, Object> bucket = properties(buckets.get(bucketId));
    assertThat(String.valueOf(bucket.get("BucketEncryption"))).contains("SSEAlgorithm=AES256");
    assertThat(bucket.get("PublicAccessBlockConfiguration"))
        .isEqualTo(
            Map.of(
                "BlockPublicAcls", true,
                "BlockPublicPolicy", true,
                "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true));
    assertThat(String.valueOf(bucket.get("LifecycleConfiguration")))
        .contains("ExpirationInDays=30")
        .contains("Status=Enabled");
    assertThat(bucket).doesNotContainKey("BucketName");
    template.hasResourceProperties(
        "AWS::S3::BucketPolicy",
        Map.of(
            "Bucket",
            Map.of("Ref", bucketId),
            "PolicyDocument",
            Match.objectLike(
                Map.of(
                    "Statement",
                    Match.arrayWith(
                        List.of(
                            Match.objectLike(
                                Map.of(
                                    "Effect",
                                    "Deny",
                                    "Condition",
                                    Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
  }

  @Test
  void onlyTheBucketsUsersGetItsNameAndMayReadAndWriteIt() {
    String bucketId = template.findResources("AWS::S3::Bucket").keySet().iterator().next();
    for (MicronautFunction lambda : stack.lambdasOf("tasks")) {
      assertThat(PlatformStackTest.environment(template, stack, lambda))
          .containsEntry("SAC4CPS_S3_BUCKETS_REPORTS", Map.of("Ref", bucketId));
      assertThat(statementsOf(lambda))
          .anySatisfy(
              s -> {
                assertThat(asStrings(s.get("Action"))).contains("s3:PutObject");
                assertThat(String.valueOf(s.get("Resource"))).contains(bucketId);
              })
          .anySatisfy(
              s ->
                  assertThat(asStrings(s.get("Action")))
                      .anyMatch(a -> a.startsWith("s3:GetObject")));
    }
    for (MicronautFunction lambda : stack.lambdasOf("notifications")) {
      assertThat(PlatformStackTest.environment(template, stack, lambda))
          .doesNotContainKey("SAC4CPS_S3_BUCKETS_REPORTS");
      assertThat(statementsOf(lambda))
          .noneSatisfy(s -> assertThat(String.valueOf(s.get("Resource"))).contains(bucketId));
    }
  }

  static Map<String, Object> onlyResource(String type, String routeKey) {
    Map<String, Map<String, Object>> found =
        template.findResources(
            type, Match.objectLike(Map.of("Properties", Map.of("RouteKey", routeKey))));
    assertThat(found).as(routeKey).hasSize(1);
    return properties(found.values().iterator().next());
  }

  /** {@code integrations/<id>}, as CloudFormation joins it. */
  static String referencedIntegration(Map<String, Object> route) {
    String target = String.valueOf(route.get("Target"));
    return template.findResources("AWS::ApiGatewayV2::Integration").keySet().stream()
        .filter(id -> target.contains("Ref=" + id + "}"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no integration in " + target));
  }

  static String queueId(String name) {
    return template
        .findResources(
            "AWS::SQS::Queue", Match.objectLike(Map.of("Properties", Map.of("QueueName", name))))
        .keySet()
        .iterator()
        .next();
  }

  static Map<String, Object> resource(IConstruct construct) {
    return template.findResources("AWS::Lambda::Function").get(logicalId(construct));
  }

  static String logicalId(IConstruct construct) {
    return stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
  }

  static List<Map<?, ?>> statementsOf(MicronautFunction lambda) {
    String role = logicalId(lambda.getRole());
    List<Map<?, ?>> statements = new ArrayList<>();
    for (var policy : template.findResources("AWS::IAM::Policy").values()) {
      if (String.valueOf(properties(policy).get("Roles")).contains(role)) {
        Map<?, ?> document = (Map<?, ?>) properties(policy).get("PolicyDocument");
        ((List<?>) document.get("Statement")).forEach(s -> statements.add((Map<?, ?>) s));
      }
    }
    return statements;
  }
}
