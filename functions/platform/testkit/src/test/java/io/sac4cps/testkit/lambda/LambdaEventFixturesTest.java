package io.sac4cps.testkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LambdaEventFixturesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void apiGatewayFixtureCarriesRouteRequestAndAuthorizerContext() {
    var event =
        LambdaEventFixtures.load(
            "events/api-gateway-proxy-v1.json", APIGatewayProxyRequestEvent.class);

    assertThat(event.getHttpMethod()).isEqualTo("GET");
    assertThat(event.getResource()).isEqualTo("/sensors/{id}/data");
    assertThat(event.getPath()).isEqualTo("/sensors/s-1/data");
    assertThat(event.getPathParameters()).containsEntry("id", "s-1");
    assertThat(event.getQueryStringParameters()).containsEntry("limit", "100");
    assertThat(event.getMultiValueQueryStringParameters().get("from"))
        .containsExactly("2024-05-01T00:00:00Z");
    assertThat(event.getHeaders()).containsEntry("Content-Type", "application/json");
    assertThat(event.getHeaders().get("Authorization")).startsWith("Bearer ");
    assertThat(event.getIsBase64Encoded()).isFalse();
    var context = event.getRequestContext();
    assertThat(context.getRequestId()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
    assertThat(context.getStage()).isEqualTo("prod");
    assertThat(context.getIdentity().getSourceIp()).isEqualTo("198.51.100.7");
    assertThat(context.getAuthorizer())
        .containsEntry("principalId", "user-1")
        .containsEntry("tenantId", "tenant-1")
        .containsEntry("roles", "operator,viewer");
  }

  @Test
  void sqsFixtureCarriesAnSnsEnvelopeWithACloudEvent() throws Exception {
    var event = LambdaEventFixtures.load("events/sqs-sns-envelope.json", SQSEvent.class);

    assertThat(event.getRecords()).hasSize(1);
    var message = event.getRecords().get(0);
    assertThat(message.getMessageId()).isEqualTo("059f36b4-87a3-44ab-83d2-661975830a7d");
    assertThat(message.getEventSource()).isEqualTo("aws:sqs");
    assertThat(message.getEventSourceArn()).endsWith(":notifications-inbox");
    assertThat(message.getAttributes()).containsEntry("ApproximateReceiveCount", "1");
    JsonNode envelope = JSON.readTree(message.getBody());
    assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
    assertThat(envelope.at("/MessageAttributes/type/Value").asText()).isEqualTo("alert.raised.v1");
    JsonNode cloudEvent = JSON.readTree(envelope.get("Message").asText());
    assertThat(cloudEvent.get("type").asText()).isEqualTo("alert.raised.v1");
    assertThat(cloudEvent.get("tenantid").asText()).isEqualTo("tenant-1");
  }

  @Test
  void kafkaFixtureGroupsBase64RecordsByTopicPartition() {
    var event = LambdaEventFixtures.load("events/kafka-self-managed.json", KafkaEvent.class);

    assertThat(event.getEventSource()).isEqualTo("SelfManagedKafka");
    assertThat(event.getBootstrapServers()).contains(":9092");
    assertThat(event.getRecords()).containsOnlyKeys("sensor.readings-0");
    var record = event.getRecords().get("sensor.readings-0").get(0);
    assertThat(record.getTopic()).isEqualTo("sensor.readings");
    assertThat(record.getPartition()).isZero();
    assertThat(record.getOffset()).isEqualTo(15);
    assertThat(record.getTimestampType()).isEqualTo("CREATE_TIME");
    assertThat(decode(record.getKey())).isEqualTo("s-1");
    assertThat(decode(record.getValue())).contains("\"type\":\"sensor.reading.recorded.v1\"");
    assertThat(new String(record.getHeaders().get(0).get("ce_type"), StandardCharsets.UTF_8))
        .isEqualTo("sensor.reading.recorded.v1");
  }

  @Test
  void missingFixtureIsReportedByName() {
    assertThatThrownBy(() -> LambdaEventFixtures.read("events/nope.json"))
        .hasMessageContaining("events/nope.json");
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
