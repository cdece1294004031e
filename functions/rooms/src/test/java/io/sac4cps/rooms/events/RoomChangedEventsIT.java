package io.sac4cps.rooms.events;

import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.rooms.RoomCalls;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * room.changed.v1 through the outbox to the SNS stand-in and a raw-delivery SQS subscription of
 * {@code room-events}, as analytics receives it: one after creating a room, one after replacing its
 * thresholds, each carrying the whole room.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class RoomChangedEventsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ApiFunction rooms;
  private static SqsClient sqs;
  private static SqsQueue inbox;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    String topicArn = infrastructure.snsTopic("room-events");
    inbox = infrastructure.queue("room-events-inbox");
    infrastructure.subscribe(topicArn, inbox, Map.of("RawMessageDelivery", "true"));
    sqs = infrastructure.sqsClient();
    rooms =
        ApiFunction.builder("rooms")
            .properties(infrastructure.properties())
            .property("sac4cps.sns.topic-arns.room-events", topicArn)
            .property("sac4cps.sns.create-topics", true)
            .start();
  }

  @AfterAll
  static void stop() {
    rooms.close();
  }

  @Test
  void creatingARoomAndReplacingItsThresholdsEachPublishTheWholeRoom() throws Exception {
    String tenant = "tenant-" + UUID.randomUUID();
    RoomCalls api = new RoomCalls(rooms);
    String roomId =
        rooms
            .send(
                ApiGatewayEvents.request("POST", "/rooms")
                    .json(
                        "{\"name\":\"Board\",\"building\":\"HQ\",\"floor\":3,\"areaM2\":42.5,"
                            + "\"capacity\":12}")
                    .bearer(RoomCalls.token(tenant, "admin")))
            .json()
            .get("id")
            .asText();
    JsonNode created = receive(1).get(0);

    assertThat(
            api.putThresholds(
                    tenant, roomId, "{\"co2\":{\"max\":900},\"temperature\":{\"min\":19}}")
                .status())
        .isEqualTo(200);
    JsonNode replaced = receive(1).get(0);

    for (JsonNode event : List.of(created, replaced)) {
      assertMatchesEventContract(event);
      assertThat(event.get("type").asText()).isEqualTo("room.changed.v1");
      assertThat(event.get("tenantid").asText()).isEqualTo(tenant);
      assertThat(event.get("subject").asText()).isEqualTo(roomId);
      assertThat(event.at("/data/building").asText()).isEqualTo("HQ");
      assertThat(event.at("/data/areaM2").asDouble()).isEqualTo(42.5);
      assertThat(event.at("/data/capacity").asInt()).isEqualTo(12);
    }
    assertThat(created.at("/data/thresholds").isEmpty()).isTrue();
    assertThat(replaced.at("/data/thresholds/co2/max").asDouble()).isEqualTo(900);
    assertThat(replaced.at("/data/thresholds/temperature/min").asDouble()).isEqualTo(19);
    assertThat(replaced.at("/data/thresholds/temperature/max").isMissingNode()).isTrue();
    assertThat(Instant.parse(replaced.at("/data/changedAt").asText()))
        .isAfter(Instant.parse(created.at("/data/changedAt").asText()));
  }

  private static List<JsonNode> receive(int expected) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (events.size() < expected && System.nanoTime() < deadline) {
      for (Message message :
          sqs.receiveMessage(
                  r -> r.queueUrl(inbox.url()).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        events.add(JSON.readTree(message.body()));
        sqs.deleteMessage(r -> r.queueUrl(inbox.url()).receiptHandle(message.receiptHandle()));
      }
    }
    assertThat(events).hasSize(expected);
    return events;
  }
}
