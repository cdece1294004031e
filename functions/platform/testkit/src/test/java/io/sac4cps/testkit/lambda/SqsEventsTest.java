package io.sac4cps.testkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsEventsTest {

  @Test
  void messagesCarryIdsAttributesAndReceiveCount() {
    var event =
        SqsEvents.event(
            SqsEvents.message("{\"taskId\":\"t-1\"}")
                .messageId("m-1")
                .queueArn("arn:aws:sqs:us-east-1:000000000000:tasks-work")
                .receiveCount(3)
                .messageAttribute("type", "task.requested.v1")
                .build(),
            SqsEvents.message("second").build());

    assertThat(event.getRecords()).hasSize(2);
    var first = event.getRecords().get(0);
    assertThat(first.getMessageId()).isEqualTo("m-1");
    assertThat(first.getBody()).isEqualTo("{\"taskId\":\"t-1\"}");
    assertThat(first.getEventSourceArn()).endsWith(":tasks-work");
    assertThat(first.getAttributes()).containsEntry("ApproximateReceiveCount", "3");
    assertThat(first.getMessageAttributes().get("type").getStringValue())
        .isEqualTo("task.requested.v1");
    assertThat(first.getMd5OfBody()).hasSize(32);
    assertThat(event.getRecords().get(1).getMessageId()).isNotEqualTo("m-1");
  }

  @Test
  void snsEnvelopeWrapsTheMessageAsSnsDoes() throws Exception {
    String body =
        SqsEvents.snsEnvelope(
            "arn:aws:sns:us-east-1:000000000000:alerts",
            "{\"alertId\":\"a-1\"}",
            Map.of("type", "alert.raised.v1"));

    JsonNode envelope = new ObjectMapper().readTree(body);
    assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
    assertThat(envelope.get("TopicArn").asText()).endsWith(":alerts");
    assertThat(envelope.get("Message").asText()).isEqualTo("{\"alertId\":\"a-1\"}");
    assertThat(envelope.at("/MessageAttributes/type/Type").asText()).isEqualTo("String");
    assertThat(envelope.at("/MessageAttributes/type/Value").asText()).isEqualTo("alert.raised.v1");
  }

  @Test
  void eventOfBodiesMakesOneRecordPerBody() {
    assertThat(SqsEvents.eventOfBodies("a", "b", "c").getRecords())
        .extracting(m -> m.getBody())
        .containsExactly("a", "b", "c");
  }
}
