package io.sac4cps.infra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sac4cps.contracts.api.Operation;
import io.sac4cps.contracts.api.Throttle;
import io.sac4cps.infra.constructs.ContractRestApi;
import io.sac4cps.infra.constructs.DeadLetteredQueue;
import io.sac4cps.infra.constructs.FanOutTopic;
import io.sac4cps.infra.constructs.MicronautFunction;
import io.sac4cps.infra.constructs.PrivateBucket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

/** The props builders refuse what AWS would reject at deploy time, with a message that says why. */
class ConstructValidationTest {

  final Stack stack = new Stack(new App(), "Validation");

  @Test
  void aFunctionWithoutItsJarSaysHowToBuildIt() {
    assertThatThrownBy(
            () ->
                MicronautFunction.builder(stack, "Rooms")
                    .serviceName("rooms")
                    .handler("io.example.Handler")
                    .jar(Path.of("functions/rooms/target/rooms-lambda.jar"))
                    .build())
        .hasMessageContaining("rooms-lambda.jar does not exist")
        .hasMessageContaining("./mvnw package -pl functions/rooms -am");
  }

  @Test
  void aFunctionTimeoutBeyondLambdasLimitIsRefused() {
    assertThatThrownBy(
            () ->
                MicronautFunction.builder(stack, "Slow")
                    .serviceName("slow")
                    .handler("io.example.Handler")
                    .jar(Path.of("pom.xml"))
                    .timeoutSeconds(901)
                    .build())
        .hasMessageContaining("timeoutSeconds must be 1..900");
  }

  @Test
  void aQueueNameTooLongForItsDlqIsRefused() {
    assertThatThrownBy(
            () -> DeadLetteredQueue.builder(stack, "Q").queueName("q".repeat(77)).build())
        .hasMessageContaining("the DLQ adds '-dlq'");
  }

  @Test
  void aBucketWithoutExpiryOrWithAnInvalidNameIsRefused() {
    assertThatThrownBy(() -> PrivateBucket.builder(stack, "B").name("reports").build())
        .hasMessageContaining("reports: expireAfterDays must be at least 1");
    assertThatThrownBy(
            () -> PrivateBucket.builder(stack, "C").name("Reports").expireAfterDays(30).build())
        .hasMessageContaining("lower-case letters");
  }

  @Test
  void aTopicWithoutQueuesIsRefused() {
    assertThatThrownBy(() -> FanOutTopic.builder(stack, "T").topicName("alerts").build())
        .hasMessageContaining("needs at least one queue");
  }

  @Test
  void aTopicWithoutItsKeyIsRefused() {
    DeadLetteredQueue queue =
        DeadLetteredQueue.builder(stack, "Inbox").queueName("alerts-inbox").build();
    assertThatThrownBy(
            () ->
                FanOutTopic.builder(stack, "U").topicName("alerts").subscribe(queue, true).build())
        .hasMessageContaining("alerts: a fan-out topic needs its KMS key");
  }

  @Test
  void aRouteToAnUndeployedFunctionOrWithoutAuthorizerIsRefused() {
    Operation secured =
        new Operation(
            "GET",
            "/rooms",
            "listRooms",
            "rooms",
            List.of("viewer"),
            true,
            new Throttle(1, 1),
            false);
    assertThatThrownBy(
            () ->
                ContractRestApi.builder(stack, "Api")
                    .apiName("api")
                    .stageName("dev")
                    .allowedOrigins(List.of("*"))
                    .defaultThrottle(new Throttle(10, 20))
                    .routes(List.of(secured))
                    .build())
        .hasMessageContaining("listRooms: no deployed function 'rooms'")
        .hasMessageContaining("listRooms: secured but no authorizer is deployed");
  }

  @Test
  void prodRefusesCorsFromAnywhere() {
    assertThatThrownBy(() -> StageSettings.of("prod", "*")).hasMessageContaining("allowedOrigins");
    assertThatThrownBy(() -> StageSettings.of("staging", null))
        .hasMessageContaining("use one of [dev, prod, local]");
  }
}
