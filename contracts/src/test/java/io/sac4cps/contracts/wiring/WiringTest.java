package io.sac4cps.contracts.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sac4cps.contracts.InvalidContractException;
import io.sac4cps.contracts.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WiringTest {

  private static final Wiring WIRING = Wiring.load();
  private static final Path FUNCTIONS = Path.of("../functions");

  @Test
  void everyFunctionReservesItsConcurrencyWithinTheAccountsUnreservedHundred() {
    int reserved = 0;
    for (FunctionDefinition function : WIRING.activeFunctions()) {
      assertThat(function.reservedConcurrency()).as(function.name()).isPresent();
      reserved += function.reservedConcurrency().orElseThrow();
    }
    // Lambda keeps 100 of an account's default 1,000 unreserved.
    assertThat(reserved).isLessThanOrEqualTo(900);
    assertThatThrownBy(
            () ->
                Wiring.parse(
                    """
                    functions:
                      - {name: a, handler: h, memoryMb: 512, timeoutSeconds: 5, reservedConcurrency: 0}
                    """))
        .hasMessageContaining("reservedConcurrency must be at least 1");
  }

  @Test
  void classpathCopyIsTheSourceFile() {
    assertThat(WIRING).isEqualTo(Wiring.load(Path.of("wiring.yaml")));
  }

  @Test
  void functionsAreTheModulesUnderFunctionsAndPlannedOnesHaveNoneYet() throws IOException {
    List<String> modules;
    try (Stream<Path> dirs = Files.list(FUNCTIONS)) {
      modules =
          dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
              .map(d -> d.getFileName().toString())
              .filter(name -> !name.equals("platform"))
              .toList();
    }
    assertThat(WIRING.activeFunctions())
        .extracting(FunctionDefinition::name)
        .containsExactlyInAnyOrderElementsOf(modules);
    // Every function of the design is built now; a planned one would have no module yet.
    assertThat(WIRING.functions().stream().filter(FunctionDefinition::planned))
        .extracting(FunctionDefinition::name)
        .doesNotContainAnyElementsOf(modules);
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
    assertThat(WIRING.function("rooms").orElseThrow().jit())
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
        .containsExactlyInAnyOrder(
            Topics.ALERTS, Topics.ROOM_EVENTS, Topics.IDENTITY_EVENTS, Topics.EMAIL_FEEDBACK);
    assertThat(WIRING.kafkaTopics())
        .extracting(KafkaTopic::topic)
        .containsExactlyInAnyOrder(Topics.SENSOR_READINGS, Topics.TASK_EVENTS, Topics.TASK_REPORTS);
  }

  @Test
  void everyQueueHasADeadLetterQueue() {
    assertThat(WIRING.allQueueNames())
        .contains(
            "analytics-alerts",
            "analytics-alerts-dlq",
            "notifications-inbox-dlq",
            "sensors-task-work-dlq",
            "tasks-task-reports-dlq",
            "rooms-sensor-readings-dlq");
    assertThat(WIRING.queue("sensors-task-work").orElseThrow().maxReceiveCount()).isEqualTo(5);
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

  @Test
  void rolesAndTheWebSocketHandlerAreAttributesOfTheirFunctions() {
    assertThat(WIRING.tokenIssuer()).map(FunctionDefinition::name).contains("identity");
    assertThat(WIRING.authorizer()).map(FunctionDefinition::name).contains("authorizer");
    assertThat(WIRING.authorizer().orElseThrow().ownsSchema()).isFalse();
    assertThat(WIRING.function("rooms").orElseThrow())
        .extracting(FunctionDefinition::role, FunctionDefinition::ownsSchema)
        .containsExactly(FunctionDefinition.Role.SERVICE, true);
    FunctionDefinition webSocket = WIRING.webSocketFunction().orElseThrow();
    assertThat(webSocket.webSocketHandler())
        .get()
        .isNotEqualTo(webSocket.handler())
        .asString()
        .startsWith("io.sac4cps." + webSocket.name() + ".");
  }

  @Test
  void aRoleIsPlayedOnceAndOnlyOneFunctionServesTheWebSocketApi() {
    assertThatThrownBy(
            () ->
                Wiring.parse(
                    """
                    functions:
                      - {name: a, handler: h, memoryMb: 512, timeoutSeconds: 5, role: authorizer}
                      - {name: b, handler: h, memoryMb: 512, timeoutSeconds: 5, role: authorizer}
                      - {name: c, handler: h, memoryMb: 512, timeoutSeconds: 5, websocket: {handler: w}}
                      - {name: d, handler: h, memoryMb: 512, timeoutSeconds: 5, websocket: {handler: w}}
                    """))
        .hasMessageContaining("more than one function has role AUTHORIZER: [a, b]")
        .hasMessageContaining("only one function may serve the WebSocket API: [c, d]");
    assertThatThrownBy(
            () ->
                Wiring.parse(
                    """
                    functions:
                      - {name: a, handler: h, memoryMb: 512, timeoutSeconds: 5, role: issuer}
                    """))
        .hasMessageContaining("role must be token-issuer or authorizer: issuer");
  }

  @Test
  void kafkaConsumersAreFoundByTheirHandlerWithTheirNameAndDeadLetterQueue() {
    Wiring.KafkaSubscription rooms =
        WIRING.kafkaConsumer("io.sac4cps.rooms.events.SensorReadingsHandler").orElseThrow();
    assertThat(rooms.topic().topic()).isEqualTo(Topics.SENSOR_READINGS);
    assertThat(rooms.consumer().name()).isEqualTo("rooms.sensor-readings");
    assertThat(rooms.consumer().dlq()).isEqualTo("rooms-sensor-readings-dlq");
    assertThat(WIRING.kafkaConsumer("io.example.Nothing")).isEmpty();
  }

  @Test
  void queuesNameTheirProducersBucketsTheirUsersAndTheRelayHandlerIsGivenOnce() {
    Wiring wiring =
        Wiring.parse(
            """
            functions:
              - {name: tasks, handler: h, memoryMb: 512, timeoutSeconds: 5}
              - {name: rooms, handler: h, memoryMb: 512, timeoutSeconds: 5}
            topics: []
            queues:
              - {name: rooms-work, producers: [tasks], batchSize: 1, visibilityTimeoutSeconds: 60, maxReceiveCount: 3}
            kafka: []
            buckets:
              - {name: exports, users: [rooms], expireAfterDays: 7}
            outboxRelay: {handler: io.example.Relay}
            """);
    assertThat(wiring.queue("rooms-work").orElseThrow().producers()).containsExactly("tasks");
    assertThat(wiring.producesEvents("tasks")).isTrue();
    assertThat(wiring.producesEvents("rooms")).isFalse();
    assertThat(wiring.bucket("exports").orElseThrow())
        .isEqualTo(new Bucket("exports", List.of("rooms"), 7));
    assertThat(WIRING.outboxRelayHandler())
        .contains("io.sac4cps.platform.outbox.OutboxRelayHandler");

    assertThatThrownBy(
            () ->
                Wiring.parse(
                    """
                    functions:
                      - {name: tasks, handler: h, memoryMb: 512, timeoutSeconds: 5}
                    queues:
                      - {name: q, producers: [tasks, taks], batchSize: 1, visibilityTimeoutSeconds: 60, maxReceiveCount: 3}
                    buckets:
                      - {name: exports, users: [roms], expireAfterDays: 7}
                    """))
        .hasMessageContaining("queue q: unknown producer taks")
        .hasMessageContaining("bucket exports: unknown user roms")
        .hasMessageContaining("functions produce events but outboxRelay.handler is not given");
  }

  @Test
  void taskKindsNameTheirOwnerAndTheOwnersWorkQueue() {
    TaskKind export = WIRING.taskKind("sensor-data-export").orElseThrow();
    assertThat(export.owner()).isEqualTo("sensors");
    assertThat(WIRING.queue(export.queue()).orElseThrow().consumer().orElseThrow().function())
        .isEqualTo("sensors");
    assertThat(WIRING.taskKindsOwnedBy("rooms"))
        .extracting(TaskKind::kind)
        .containsExactly("room-rollup-rebuild", "room-events-replay");
    // One message at a time, and a second invocation beside a running task for its cancel.
    for (TaskKind kind : WIRING.taskKinds()) {
      SqsQueue work = WIRING.queue(kind.queue()).orElseThrow();
      assertThat(work.batchSize()).as(kind.kind()).isEqualTo(1);
      assertThat(work.consumer().orElseThrow().maxConcurrency().orElse(1))
          .as(kind.kind())
          .isGreaterThanOrEqualTo(2);
    }
    assertThatThrownBy(
            () ->
                new QueueConsumer(
                    "rooms", "h", false, java.util.Optional.of(1), java.util.Optional.empty()))
        .hasMessageContaining("maxConcurrency must be 2 to 1000, was 1");
    // A task hands itself on when less than the time budget (60 s) is left: a worker must outlast
    // it by far, whatever its function's HTTP timeout.
    for (TaskKind kind : WIRING.taskKinds()) {
      var consumer = WIRING.queue(kind.queue()).orElseThrow().consumer().orElseThrow();
      assertThat(consumer.timeoutSeconds(WIRING.function(kind.owner()).orElseThrow()))
          .as(kind.kind())
          .isEqualTo(900);
    }

    assertThatThrownBy(
            () ->
                Wiring.parse(
                    """
                    functions:
                      - {name: tasks, handler: h, memoryMb: 512, timeoutSeconds: 5}
                      - {name: rooms, handler: h, memoryMb: 512, timeoutSeconds: 5}
                    queues:
                      - name: rooms-task-work
                        consumer: {function: tasks, handler: h}
                        batchSize: 1
                        visibilityTimeoutSeconds: 60
                        maxReceiveCount: 3
                    taskKinds:
                      - {kind: rebuild, owner: rooms, queue: rooms-task-work, maxAttempts: 3, progressTimeoutSeconds: 60}
                      - {kind: export, owner: sensers, queue: nowhere, maxAttempts: 0, progressTimeoutSeconds: 60}
                    """))
        .hasMessageContaining("task kind rebuild: queue rooms-task-work is not consumed by rooms")
        .hasMessageContaining("task kind export: unknown owner sensers")
        .hasMessageContaining("task kind export: unknown queue nowhere")
        .hasMessageContaining(
            "task kind export: maxAttempts and progressTimeoutSeconds must be positive");
  }

  @Test
  void aQueueConsumersTimeoutDefaultsToItsFunctionsAndItsVisibilityMustOutlastIt() {
    Wiring wiring =
        Wiring.parse(
            """
            functions:
              - {name: rooms, handler: h, memoryMb: 512, timeoutSeconds: 30}
            queues:
              - name: plain
                consumer: {function: rooms, handler: p}
                batchSize: 1
                visibilityTimeoutSeconds: 30
                maxReceiveCount: 3
              - name: long
                consumer: {function: rooms, handler: l, timeoutSeconds: 600}
                batchSize: 1
                visibilityTimeoutSeconds: 660
                maxReceiveCount: 3
            """);
    FunctionDefinition rooms = wiring.function("rooms").orElseThrow();
    assertThat(wiring.queue("plain").orElseThrow().consumer().orElseThrow().timeoutSeconds(rooms))
        .isEqualTo(30);
    assertThat(wiring.queue("long").orElseThrow().consumer().orElseThrow().timeoutSeconds(rooms))
        .isEqualTo(600);

    assertThatThrownBy(
            () ->
                Wiring.parse(
                    """
                    functions:
                      - {name: rooms, handler: h, memoryMb: 512, timeoutSeconds: 30}
                    queues:
                      - name: short
                        consumer: {function: rooms, handler: s, timeoutSeconds: 900}
                        batchSize: 1
                        visibilityTimeoutSeconds: 60
                        maxReceiveCount: 3
                      - name: inherits
                        consumer: {function: rooms, handler: i}
                        batchSize: 1
                        visibilityTimeoutSeconds: 20
                        maxReceiveCount: 3
                      - name: beyond
                        consumer: {function: rooms, handler: b, timeoutSeconds: 901}
                        batchSize: 1
                        visibilityTimeoutSeconds: 960
                        maxReceiveCount: 3
                    """))
        .hasMessageContaining("timeoutSeconds must be 1 to 900, was 901");
    assertThatThrownBy(
            () ->
                Wiring.parse(
                    """
                    functions:
                      - {name: rooms, handler: h, memoryMb: 512, timeoutSeconds: 30}
                    queues:
                      - name: short
                        consumer: {function: rooms, handler: s, timeoutSeconds: 900}
                        batchSize: 1
                        visibilityTimeoutSeconds: 60
                        maxReceiveCount: 3
                      - name: inherits
                        consumer: {function: rooms, handler: i}
                        batchSize: 1
                        visibilityTimeoutSeconds: 20
                        maxReceiveCount: 3
                    """))
        .hasMessageContaining(
            "queue short: visibilityTimeoutSeconds (60) must be at least its consumer's timeout"
                + " (900)")
        .hasMessageContaining(
            "queue inherits: visibilityTimeoutSeconds (20) must be at least its consumer's timeout"
                + " (30)");
  }
}
