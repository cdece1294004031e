package io.sac4cps.infra;

import static io.sac4cps.infra.PlatformStackTest.environment;
import static io.sac4cps.infra.PlatformStackTest.logicalId;
import static io.sac4cps.infra.PlatformStackTest.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.infra.constructs.MicronautFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * Analytics as the real contracts deploy it: its four routes, a Lambda per consumer fed by Kafka
 * {@code sensor.readings}, by SQS {@code analytics-alerts} and {@code analytics-rooms} and by its
 * task work queue (reports, decision 0042) with the reports bucket, and rooms publishing
 * room.changed.v1 to {@code room-events}.
 */
class AnalyticsStackTest {

  @BeforeAll
  static void synthesize() throws Exception {
    PlatformStackTest.synthesize();
  }

  @Test
  void everyAnalyticsRouteIsRoutedToAnalytics() {
    for (String operation :
        List.of(
            "getAnalyticsSummary",
            "getAnalyticsTrends",
            "createAnalyticsReport",
            "getAnalyticsReport")) {
      assertThat(methods(operation)).as(operation).hasSize(1);
      assertThat(
              PlatformStackTest.inStack(
                  String.valueOf(properties(methods(operation).values().iterator().next()))))
          .contains(logicalId(PlatformStackTest.stack, analytics(null).getAlias()));
    }
  }

  @Test
  void reportsRunOnTheTaskWorkQueueAndWriteToTheReportsBucket() {
    MicronautFunction work = analytics("io.sac4cps.platform.tasks.TaskWorkHandler");
    assertThat(mappingsOf(work))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.get("BatchSize")).isEqualTo(1);
              assertThat(String.valueOf(m.get("EventSourceArn")).toLowerCase())
                  .contains("analyticstaskwork");
            });
    assertThat(String.valueOf(environment(work).get("SAC4CPS_S3_BUCKETS_REPORTS")))
        .isNotEqualTo("null");
  }

  @Test
  void eachConsumerHandlerHasItsLambdaAndEventSourceMapping() {
    MicronautFunction readings = analytics("io.sac4cps.analytics.events.SensorReadingsHandler");
    assertThat(mappingsOf(readings))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.get("Topics")).isEqualTo(List.of("sensor.readings"));
              assertThat(String.valueOf(m.get("AmazonManagedKafkaEventSourceConfig")))
                  .contains("analytics.sensor.readings");
              assertThat(m.get("BatchSize")).isEqualTo(2000);
            });
    for (String[] queue :
        new String[][] {
          {"io.sac4cps.analytics.events.AlertsQueueHandler", "analyticsalerts"},
          {"io.sac4cps.analytics.events.RoomEventsQueueHandler", "analyticsrooms"}
        }) {
      assertThat(mappingsOf(analytics(queue[0])))
          .as(queue[0])
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.get("FunctionResponseTypes"))
                    .isEqualTo(List.of("ReportBatchItemFailures"));
                assertThat(String.valueOf(m.get("EventSourceArn")).toLowerCase())
                    .contains(queue[1]);
              });
    }
  }

  @Test
  void roomsPublishesRoomChangesToTheTopicAnalyticsIsSubscribedTo() {
    PlatformStackTest.template.hasResourceProperties(
        "AWS::SNS::Topic", Map.of("TopicName", "room-events"));
    for (MicronautFunction rooms : PlatformStackTest.stack.lambdasOf("rooms")) {
      assertThat(String.valueOf(environment(rooms).get("SAC4CPS_SNS_TOPIC_ARNS_ROOM_EVENTS")))
          .contains("roomevents");
    }
  }

  private static MicronautFunction analytics(String handler) {
    return handler == null
        ? PlatformStackTest.stack.function("analytics")
        : PlatformStackTest.stack.lambdaOf("analytics", handler);
  }

  private static Map<String, Map<String, Object>> methods(String operationId) {
    return PlatformStackTest.apiMethods(
        Match.objectLike(Map.of("Properties", Map.of("OperationName", operationId))));
  }

  private static List<Map<String, Object>> mappingsOf(MicronautFunction lambda) {
    String alias = logicalId(PlatformStackTest.stack, lambda.getAlias());
    return PlatformStackTest.template
        .findResources("AWS::Lambda::EventSourceMapping")
        .values()
        .stream()
        .map(PlatformStackTest::properties)
        .filter(p -> String.valueOf(p.get("FunctionName")).contains(alias))
        .toList();
  }
}
