package io.sac4cps.contracts.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sac4cps.contracts.InvalidContractException;
import io.sac4cps.contracts.events.Topics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WiringTest {

  private static final Wiring WIRING = Wiring.load();

  @Test
  void classpathCopyIsTheSourceFile() {
    assertThat(WIRING).isEqualTo(Wiring.load(Path.of("wiring.yaml")));
  }

  @Test
  void parsesFunctionsWithTheirPlannedStatus() {
    assertThat(WIRING.functions())
        .extracting(FunctionDefinition::name)
        .containsExactly(
            "identity", "authorizer", "sensors", "rooms", "analytics", "notifications", "tasks");
    assertThat(WIRING.functions().stream().filter(FunctionDefinition::planned))
        .extracting(FunctionDefinition::name)
        .contains("analytics", "notifications", "tasks")
        .doesNotContain("sensors");
    assertThat(WIRING.function("authorizer").orElseThrow())
        .extracting(
            FunctionDefinition::handler,
            FunctionDefinition::memoryMb,
            FunctionDefinition::timeoutSeconds)
        .containsExactly("io.sac4cps.authorizer.TokenAuthorizerHandler", 512, 5);
  }

  @Test
  void functionsStopTheJitAtC1UnlessTheyAskForTieredCompilation() {
    assertThat(WIRING.function("sensors").orElseThrow().jit())
        .isEqualTo(FunctionDefinition.Jit.TIERED);
    assertThat(WIRING.function("identity").orElseThrow().jit())
        .as("no jit: given")
        .isEqualTo(FunctionDefinition.Jit.C1);
    assertThatThrownBy(
            () ->
                Wiring.parse(
                    """
                    functions:
                      - {name: rooms, handler: h, memoryMb: 512, timeoutSeconds: 5, jit: c2}
                    """))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageContaining("jit must be c1 or tiered: c2");
  }

  @Test
  void everySubscriptionAndConsumerReferencesSomethingThatExists() {
    WIRING.topics().stream()
        .flatMap(t -> t.subscriptions().stream())
        .forEach(s -> assertThat(WIRING.queue(s.queue())).as(s.queue()).isPresent());
    WIRING
        .queues()
        .forEach(
            q ->
                q.consumer().ifPresent(c -> assertThat(WIRING.function(c.function())).isPresent()));
    WIRING.kafkaTopics().stream()
        .flatMap(t -> t.consumers().stream())
        .forEach(
            c -> {
              assertThat(WIRING.function(c.function())).isPresent();
              assertThat(WIRING.allQueueNames()).contains(c.dlq());
            });
  }

  @Test
  void alertsFanOutToAnalyticsRawAndToNotificationsWrapped() {
    SnsTopic alerts = WIRING.topic(Topics.ALERTS).orElseThrow();

    assertThat(alerts.producers()).containsExactly("rooms");
    assertThat(alerts.subscriptions())
        .containsExactly(
            new SnsSubscription("analytics-alerts", true),
            new SnsSubscription("notifications-inbox", false));
  }

  @Test
  void channelConstantsAreTheWiredTopics() {
    assertThat(WIRING.topics())
        .extracting(SnsTopic::name)
        .containsExactlyInAnyOrder(Topics.ALERTS, Topics.IDENTITY_EVENTS);
    assertThat(WIRING.kafkaTopics())
        .extracting(KafkaTopic::topic)
        .containsExactlyInAnyOrder(Topics.SENSOR_READINGS, Topics.TASK_EVENTS);
  }

  @Test
  void everyQueueHasADeadLetterQueue() {
    assertThat(WIRING.allQueueNames())
        .contains(
            "analytics-alerts",
            "analytics-alerts-dlq",
            "notifications-inbox-dlq",
            "tasks-work-dlq",
            "rooms-sensor-readings-dlq");
    assertThat(WIRING.queue("tasks-work").orElseThrow().maxReceiveCount()).isEqualTo(3);
  }

  @Test
  void consumersOfPlannedFunctionsArePlannedToo() {
    WIRING
        .queues()
        .forEach(
            q ->
                q.consumer()
                    .filter(c -> WIRING.function(c.function()).orElseThrow().planned())
                    .ifPresent(c -> assertThat(c.planned()).as(q.name()).isTrue()));
    WIRING.kafkaTopics().stream()
        .flatMap(t -> t.consumers().stream())
        .filter(c -> WIRING.function(c.function()).orElseThrow().planned())
        .forEach(c -> assertThat(c.planned()).as(c.handler()).isTrue());
    KafkaConsumer rooms =
        WIRING.kafkaTopic(Topics.SENSOR_READINGS).orElseThrow().consumers().get(0);
    assertThat(rooms.groupId(Topics.SENSOR_READINGS)).isEqualTo("rooms.sensor.readings");
  }

  @Test
  void rejectsASubscriptionToAnUndeclaredQueue() {
    assertThatThrownBy(
            () ->
                Wiring.parse(
                    """
                    functions:
                      - {name: rooms, handler: h, memoryMb: 512, timeoutSeconds: 5}
                    topics:
                      - name: alerts
                        producers: [rooms, roms]
                        subscriptions: [{queue: nowhere}]
                    """))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageContaining("SNS topic alerts: unknown queue nowhere")
        .hasMessageContaining("SNS topic alerts: unknown producer roms");
  }
}
