package io.sac4cps.contracts.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sac4cps.contracts.wiring.FunctionEnvironment.Meaning;
import io.sac4cps.contracts.wiring.FunctionEnvironment.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionEnvironmentTest {

  static final Wiring WIRING = Wiring.load();

  static final List<String> EVERY_FUNCTION =
      List.of(
          "SAC4CPS_STAGE",
          "SAC4CPS_SECURITY_JWKS",
          "SAC4CPS_SECURITY_JWKS_URL",
          "SAC4CPS_SECURITY_ISSUER",
          "SAC4CPS_SECURITY_AUDIENCE");

  static final List<String> SCHEMA_OWNER =
      List.of(
          "DATASOURCES_DEFAULT_URL",
          "DATASOURCES_DEFAULT_USERNAME",
          "SAC4CPS_DATABASE_IAM_AUTHENTICATION",
          "DATASOURCES_DEFAULT_PASSWORD",
          "FLYWAY_DATASOURCES_DEFAULT_ENABLED");

  static final Wiring NEXT_FUNCTIONS =
      Wiring.parse(
          """
          functions:
            - {name: tasks, handler: io.example.Http, memoryMb: 512, timeoutSeconds: 5}
            - name: notifications
              handler: io.example.Http
              websocket: {handler: io.example.WebSocket}
              memoryMb: 512
              timeoutSeconds: 5
          queues:
            - {name: analytics-work, producers: [tasks], batchSize: 1, visibilityTimeoutSeconds: 60, maxReceiveCount: 3}
          buckets:
            - {name: reports, users: [tasks], expireAfterDays: 30}
          outboxRelay: {handler: io.example.Relay}
          """);

  @Test
  void theAuthorizerOnlyVerifiesTokens() {
    assertThat(names(FunctionEnvironment.of(WIRING, "authorizer").variables()))
        .containsExactlyElementsOf(EVERY_FUNCTION);
  }

  @Test
  void theTokenIssuersHttpHandlerAloneGetsTheSigningKey() {
    FunctionEnvironment identity = FunctionEnvironment.of(WIRING, "identity");
    String http = WIRING.function("identity").orElseThrow().handler();

    assertThat(names(identity.variables(http)))
        .containsAll(EVERY_FUNCTION)
        .containsAll(SCHEMA_OWNER)
        .contains(
            "SAC4CPS_SNS_TOPIC_ARNS_IDENTITY_EVENTS",
            "SAC4CPS_IDENTITY_SIGNING_KEY",
            "SAC4CPS_IDENTITY_SIGNING_KEY_SECRET_ID",
            "SAC4CPS_CORS_ALLOWED_ORIGINS")
        .noneMatch(name -> name.startsWith("KAFKA_"));
    assertThat(names(identity.variables(WIRING.outboxRelayHandler().orElseThrow())))
        .contains("SAC4CPS_SNS_TOPIC_ARNS_IDENTITY_EVENTS")
        .noneMatch(name -> name.startsWith("SAC4CPS_IDENTITY_SIGNING_KEY"));
  }

  @Test
  void kafkaProducersGetTheBrokerAndConsumersTheirDeadLetterQueueOnly() {
    assertThat(names(FunctionEnvironment.of(WIRING, "sensors").variables()))
        .contains("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM");

    FunctionEnvironment rooms = FunctionEnvironment.of(WIRING, "rooms");
    String consumer = "io.sac4cps.rooms.events.SensorReadingsHandler";
    assertThat(names(rooms.variables(consumer)))
        .contains(
            "SAC4CPS_SQS_QUEUE_URLS_ROOMS_SENSOR_READINGS_DLQ", "SAC4CPS_SNS_TOPIC_ARNS_ALERTS")
        // Not for consuming (the event-source mapping reads Kafka): rooms produces task.reports.
        .contains("KAFKA_BOOTSTRAP_SERVERS");
    assertThat(names(rooms.variables(WIRING.function("rooms").orElseThrow().handler())))
        .contains("SAC4CPS_SNS_TOPIC_ARNS_ALERTS")
        .doesNotContain("SAC4CPS_SQS_QUEUE_URLS_ROOMS_SENSOR_READINGS_DLQ");
    // rooms also runs tasks: it sends itself continuations and retries, and its work queue's
    // consumer sends poison to that queue's DLQ.
    assertThat(rooms.variables())
        .filteredOn(v -> v.meaning() == Meaning.SQS_QUEUE_URL)
        .extracting(Variable::subject)
        .containsExactlyInAnyOrder(
            java.util.Optional.of("rooms-sensor-readings-dlq"),
            java.util.Optional.of("rooms-task-work"),
            java.util.Optional.of("rooms-task-work-dlq"));
    String work = "io.sac4cps.platform.tasks.TaskWorkHandler";
    assertThat(names(rooms.variables(work)))
        .contains(
            "SAC4CPS_SQS_QUEUE_URLS_ROOMS_TASK_WORK",
            "SAC4CPS_SQS_QUEUE_URLS_ROOMS_TASK_WORK_DLQ",
            "KAFKA_BOOTSTRAP_SERVERS")
        .doesNotContain("SAC4CPS_SQS_QUEUE_URLS_ROOMS_SENSOR_READINGS_DLQ");
    assertThat(names(rooms.variables(consumer)))
        .doesNotContain("SAC4CPS_SQS_QUEUE_URLS_ROOMS_TASK_WORK_DLQ");
  }

  @Test
  void queueProducersBucketUsersAndTheWebSocketFunctionGetWhatTheyUse() {
    assertThat(names(FunctionEnvironment.of(NEXT_FUNCTIONS, "tasks").variables()))
        .contains("SAC4CPS_SQS_QUEUE_URLS_ANALYTICS_WORK", "SAC4CPS_S3_BUCKETS_REPORTS");
    FunctionEnvironment notifications = FunctionEnvironment.of(NEXT_FUNCTIONS, "notifications");
    assertThat(names(notifications.variables("io.example.WebSocket")))
        .contains("SAC4CPS_WEBSOCKET_CALLBACK_URL")
        .doesNotContain("SAC4CPS_S3_BUCKETS_REPORTS");
  }

  @Test
  void resolvingRefusesAMissingRequiredValueAndWantsExactlyOneSigningKey() {
    FunctionEnvironment identity = FunctionEnvironment.of(WIRING, "identity");
    assertThat(
            identity.resolve(
                identity.variables(),
                v ->
                    switch (v.meaning()) {
                      case SIGNING_KEY_SECRET_ID, KAFKA_SASL_MECHANISM, CORS_ALLOWED_ORIGINS ->
                          null;
                      default -> "value of " + v.name();
                    }))
        .containsEntry("SAC4CPS_IDENTITY_SIGNING_KEY", "value of SAC4CPS_IDENTITY_SIGNING_KEY")
        .doesNotContainKeys(
            "SAC4CPS_IDENTITY_SIGNING_KEY_SECRET_ID", "SAC4CPS_CORS_ALLOWED_ORIGINS");

    assertThatThrownBy(
            () ->
                identity.resolve(
                    identity.variables(),
                    v -> v.meaning() == Meaning.DATABASE_URL ? null : "both keys"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("identity lacks DATASOURCES_DEFAULT_URL (JDBC URL of its own schema)")
        .hasMessageContaining("exactly one variable for the signing key");
  }

  @Test
  void onlyTheApplicationsOwnSettingsAreDescribed() {
    for (FunctionDefinition function : WIRING.functions()) {
      assertThat(FunctionEnvironment.of(WIRING, function.name()).variables())
          .extracting(Variable::name)
          .allMatch(FunctionEnvironment::isApplicationSetting)
          .doesNotHaveDuplicates();
    }
    assertThat(FunctionEnvironment.isApplicationSetting("JAVA_TOOL_OPTIONS")).isFalse();
    assertThat(FunctionEnvironment.isApplicationSetting("AWS_REGION")).isFalse();
  }

  static List<String> names(List<Variable> variables) {
    return variables.stream().map(Variable::name).toList();
  }
}
