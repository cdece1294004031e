package io.sac4cps.infra;

import static io.sac4cps.infra.PlatformStackTest.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.infra.constructs.MicronautFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sensors learns rooms from room.changed.v1 (decision 0039): SQS {@code sensors-rooms}, subscribed
 * to SNS {@code room-events} with raw delivery, feeds a sensors Lambda of its own.
 */
class SensorsStackTest {

  @BeforeAll
  static void synthesize() throws Exception {
    PlatformStackTest.synthesize();
  }

  @Test
  void roomEventsReachSensorsThroughItsOwnQueueAndConsumer() {
    MicronautFunction consumer =
        PlatformStackTest.stack.lambdaOf(
            "sensors", "io.sac4cps.sensors.events.RoomEventsQueueHandler");
    String alias = logicalId(PlatformStackTest.stack, consumer.getAlias());
    List<Map<String, Object>> mappings =
        PlatformStackTest.template
            .findResources("AWS::Lambda::EventSourceMapping")
            .values()
            .stream()
            .map(PlatformStackTest::properties)
            .filter(p -> String.valueOf(p.get("FunctionName")).contains(alias))
            .toList();
    assertThat(mappings)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.get("FunctionResponseTypes"))
                  .isEqualTo(List.of("ReportBatchItemFailures"));
              assertThat(String.valueOf(m.get("EventSourceArn")).toLowerCase())
                  .contains("sensorsrooms");
            });
    assertThat(
            PlatformStackTest.template.findResources("AWS::SNS::Subscription").values().stream()
                .map(PlatformStackTest::properties)
                .filter(p -> String.valueOf(p.get("TopicArn")).toLowerCase().contains("roomevents"))
                .filter(
                    p -> String.valueOf(p.get("Endpoint")).toLowerCase().contains("sensorsrooms"))
                .toList())
        .singleElement()
        .satisfies(p -> assertThat(p.get("RawMessageDelivery")).isEqualTo(true));
  }
}
