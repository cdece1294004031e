package io.sac4cps.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.infra.constructs.DeadLetteredQueue;
import io.sac4cps.infra.constructs.PlatformMonitoring;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.apigateway.MockIntegration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * The dashboard and the paging alarms over a small stack: an API, a function with two Lambdas and a
 * dead-lettered queue. Every alarm, the queue's too, must notify the one alarm topic.
 */
class PlatformMonitoringTest {
  private static Template template;
  private static String topicId;

  @BeforeAll
  static void synthesize() {
    Stack stack = new Stack(new App(), "Monitored");
    RestApi api = RestApi.Builder.create(stack, "Api").restApiName("sac4cps-dev").build();
    api.getRoot().addMethod("GET", new MockIntegration());
    Function http = lambda(stack, "SensorsHttp");
    Function relay = lambda(stack, "SensorsRelay");
    DeadLetteredQueue.builder(stack, "Inbox").queueName("inbox").maxReceiveCount(3).build();

    PlatformMonitoring monitoring =
        PlatformMonitoring.builder(stack, "Monitoring")
            .stage("dev")
            .restApi(api)
            .function("sensors", Map.of("http", http, "relay", relay))
            .build();
    monitoring.notifyAllAlarms(stack);
    template = Template.fromStack(stack);
    topicId = stack.resolve(monitoring.getTopic().getTopicArn()).toString();
  }

  @Test
  void theRestApisServerErrorRateAboveFivePercentTwiceInARowPages() {
    Map<String, Map<String, Object>> alarms =
        template.findResources(
            "AWS::CloudWatch::Alarm",
            Match.objectLike(
                Map.of(
                    "Properties",
                    Match.objectLike(
                        Map.of(
                            "Threshold", 5,
                            "EvaluationPeriods", 2,
                            "ComparisonOperator", "GreaterThanThreshold")))));
    assertThat(alarms).hasSize(1);
    String metrics = alarms.values().iterator().next().toString();
    assertThat(metrics)
        .contains("IF(requests > 0, 100 * errors / requests, 0)")
        .contains("5XXError")
        .contains("MetricName=Count")
        .contains("AWS/ApiGateway")
        .contains("{Name=Stage, Value=dev}");
  }

  @Test
  void theOldestUnsentEventOfAnyOutboxOverFiveMinutesPagesAndSoDoThrottles() {
    Map<String, Map<String, Object>> lag =
        template.findResources(
            "AWS::CloudWatch::Alarm",
            Match.objectLike(
                Map.of(
                    "Properties",
                    Match.objectLike(
                        Map.of(
                            "Threshold",
                            300,
                            "TreatMissingData",
                            "notBreaching",
                            "Metrics",
                            Match.anyValue())))));
    assertThat(lag).hasSize(1);
    assertThat(lag.values().iterator().next().toString())
        .contains("MAX([lag0])")
        .contains("MetricName=OutboxLag")
        .contains("Namespace=sac4cps")
        .contains("{Name=Service, Value=sensors}")
        .contains("Stat=Maximum");
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace", "AWS/Lambda",
            "MetricName", "Throttles",
            "Statistic", "Sum",
            "Threshold", 0));
  }

  @Test
  void everyAlarmOfTheStackNotifiesTheEncryptedAlarmTopic() {
    Map<String, Map<String, Object>> alarms = template.findResources("AWS::CloudWatch::Alarm");
    // 5xx, outbox lag, throttles, the queue's age and dead-letter alarms.
    assertThat(alarms).hasSize(5);
    alarms.forEach(
        (id, alarm) ->
            assertThat(alarm.toString()).as(id + " notifies the topic").contains("AlarmActions"));
    template.hasResourceProperties(
        "AWS::SNS::Topic",
        Map.of("TopicName", "sac4cps-dev-alarms", "KmsMasterKeyId", Match.anyValue()));
    template.hasResourceProperties(
        "AWS::SNS::TopicPolicy",
        Match.objectLike(
            Map.of(
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
                                        Map.of(
                                            "Bool",
                                            Map.of("aws:SecureTransport", "false")))))))))));
    // CloudWatch may use the topic's key (it cannot use the AWS-managed aws/sns key).
    template.hasResourceProperties(
        "AWS::KMS::Key",
        Match.objectLike(
            Map.of(
                "EnableKeyRotation",
                true,
                "KeyPolicy",
                Match.objectLike(
                    Map.of(
                        "Statement",
                        Match.arrayWith(
                            List.of(
                                Match.objectLike(
                                    Map.of(
                                        "Principal",
                                        Map.of("Service", "cloudwatch.amazonaws.com"),
                                        "Action",
                                        List.of("kms:Decrypt", "kms:GenerateDataKey*"))))))))));
    assertThat(topicId).isNotBlank();
  }

  @Test
  void theDashboardShowsTheEmfMetricsByRouteConsumerAndTheAlarms() {
    Map<String, Map<String, Object>> dashboards =
        template.findResources(
            "AWS::CloudWatch::Dashboard",
            Match.objectLike(
                Map.of("Properties", Match.objectLike(Map.of("DashboardName", "sac4cps-dev")))));
    assertThat(dashboards).hasSize(1);
    // The body is JSON inside a template string: unescaped, its quotes are plain.
    String body = dashboards.values().iterator().next().toString().replace("\\", "");
    assertThat(body)
        .contains("SEARCH('{sac4cps,Service,Route} MetricName=\"Requests\"', 'Sum', 300)")
        .contains("MetricName=\"Latency\"', 'p99'")
        .contains("ReadingsAccepted")
        .contains("OutboxLag")
        .contains("RelayFailures")
        .contains("DeadLetters")
        .contains("TaskInvocationDuration")
        .contains("\"type\":\"alarm\"");
  }

  private static Function lambda(Stack stack, String id) {
    return Function.Builder.create(stack, id)
        .runtime(Runtime.NODEJS_22_X)
        .handler("index.handler")
        .code(Code.fromInline("exports.handler = async () => ({});"))
        .build();
  }
}
