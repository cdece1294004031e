package io.sac4cps.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Drives the stand-in with the real SDK v2 SnsClient and reads what lands in ElasticMQ. */
class SnsStandInIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedSqsServer sqsServer;
  private static SnsStandIn standIn;
  private static SnsClient sns;
  private static SqsClient sqs;

  @BeforeAll
  static void start() {
    sqsServer = EmbeddedSqsServer.start();
    standIn = SnsStandIn.start(sqsServer.endpoint());
    sns = LocalAwsAccount.snsClient(standIn.endpoint());
    sqs = sqsServer.client();
  }

  @AfterAll
  static void stop() {
    sns.close();
    standIn.close();
    sqsServer.close();
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static List<Message> drain(SqsQueue queue, int expected) {
    List<Message> messages = new ArrayList<>();
    for (int poll = 0; poll < 5 && messages.size() < expected; poll++) {
      messages.addAll(
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(queue.url())
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageAttributeNames("All"))
              .messages());
    }
    return messages;
  }

  private static String subscribe(String topicArn, SqsQueue queue, Map<String, String> attributes) {
    return sns.subscribe(
            r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn()).attributes(attributes))
        .subscriptionArn();
  }

  @Test
  void createTopicIsIdempotentAndListsTheTopic() {
    String arn = sns.createTopic(r -> r.name("it-identity-events")).topicArn();

    assertThat(arn).isEqualTo("arn:aws:sns:us-east-1:000000000000:it-identity-events");
    assertThat(sns.createTopic(r -> r.name("it-identity-events")).topicArn()).isEqualTo(arn);
    assertThat(sns.listTopics().topics()).anyMatch(topic -> topic.topicArn().equals(arn));

    sns.deleteTopic(r -> r.topicArn(arn));
    assertThat(sns.listTopics().topics()).noneMatch(topic -> topic.topicArn().equals(arn));
  }

  @Test
  void rawDeliveryPutsTheBodyAndAttributesOnTheQueue() {
    String topicArn = sns.createTopic(r -> r.name("it-raw")).topicArn();
    SqsQueue queue = sqsServer.createQueue("it-raw-inbox");
    subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true"));

    String messageId =
        sns.publish(
                r ->
                    r.topicArn(topicArn)
                        .message("{\"alertId\":\"a-1\"}")
                        .messageAttributes(
                            Map.of(
                                "type", string("alert.raised.v1"),
                                "severity",
                                    MessageAttributeValue.builder()
                                        .dataType("Number")
                                        .stringValue("3")
                                        .build())))
            .messageId();

    List<Message> delivered = drain(queue, 1);
    assertThat(messageId).isNotBlank();
    assertThat(delivered).extracting(Message::body).containsExactly("{\"alertId\":\"a-1\"}");
    assertThat(delivered.get(0).messageAttributes().get("type").stringValue())
        .isEqualTo("alert.raised.v1");
    assertThat(delivered.get(0).messageAttributes().get("severity").dataType()).isEqualTo("Number");
  }

  @Test
  void envelopeDeliveryWrapsTheMessageAsSnsDoes() throws Exception {
    String topicArn = sns.createTopic(r -> r.name("it-envelope")).topicArn();
    SqsQueue queue = sqsServer.createQueue("it-envelope-inbox");
    String subscriptionArn = subscribe(topicArn, queue, Map.of());

    String messageId =
        sns.publish(
                r ->
                    r.topicArn(topicArn)
                        .subject("alert")
                        .message("{\"alertId\":\"a-2\"}")
                        .messageAttributes(Map.of("type", string("alert.raised.v1"))))
            .messageId();

    List<Message> delivered = drain(queue, 1);
    assertThat(delivered).hasSize(1);
    JsonNode envelope = JSON.readTree(delivered.get(0).body());
    assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
    assertThat(envelope.get("MessageId").asText()).isEqualTo(messageId);
    assertThat(envelope.get("TopicArn").asText()).isEqualTo(topicArn);
    assertThat(envelope.get("Subject").asText()).isEqualTo("alert");
    assertThat(envelope.get("Message").asText()).isEqualTo("{\"alertId\":\"a-2\"}");
    assertThat(Instant.parse(envelope.get("Timestamp").asText())).isBeforeOrEqualTo(Instant.now());
    assertThat(envelope.get("SignatureVersion").asText()).isEqualTo("1");
    assertThat(envelope.get("Signature").asText()).isNotBlank();
    assertThat(envelope.get("SigningCertURL").asText()).startsWith("https://");
    assertThat(envelope.get("UnsubscribeURL").asText()).contains("Action=Unsubscribe");
    assertThat(envelope.at("/MessageAttributes/type/Type").asText()).isEqualTo("String");
    assertThat(envelope.at("/MessageAttributes/type/Value").asText()).isEqualTo("alert.raised.v1");
    assertThat(subscriptionArn).startsWith(topicArn + ":");
  }

  @Test
  void aFilterPolicyIsRefusedRatherThanIgnored() {
    String topicArn = sns.createTopic(r -> r.name("it-filter")).topicArn();
    SqsQueue queue = sqsServer.createQueue("it-filter-inbox");

    assertThatThrownBy(
            () ->
                subscribe(
                    topicArn, queue, Map.of("FilterPolicy", "{\"type\":[\"alert.raised.v1\"]}")))
        .isInstanceOfSatisfying(
            InvalidParameterException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    String subscriptionArn = subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true"));
    assertThatThrownBy(
            () ->
                sns.setSubscriptionAttributes(
                    r ->
                        r.subscriptionArn(subscriptionArn)
                            .attributeName("FilterPolicyScope")
                            .attributeValue("MessageBody")))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void publishBatchDeliversEveryEntry() {
    String topicArn = sns.createTopic(r -> r.name("it-batch")).topicArn();
    SqsQueue queue = sqsServer.createQueue("it-batch-inbox");
    subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true"));

    var response =
        sns.publishBatch(
            r ->
                r.topicArn(topicArn)
                    .publishBatchRequestEntries(
                        PublishBatchRequestEntry.builder().id("1").message("one").build(),
                        PublishBatchRequestEntry.builder()
                            .id("2")
                            .message("two")
                            .messageAttributes(Map.of("type", string("x")))
                            .build()));

    assertThat(response.successful()).extracting(e -> e.id()).containsExactly("1", "2");
    assertThat(response.failed()).isEmpty();
    assertThat(drain(queue, 2)).extracting(Message::body).containsExactlyInAnyOrder("one", "two");
  }

  @Test
  void unsubscribedQueueGetsNothingMore() {
    String topicArn = sns.createTopic(r -> r.name("it-unsubscribe")).topicArn();
    SqsQueue queue = sqsServer.createQueue("it-unsubscribe-inbox");
    String subscriptionArn = subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true"));
    assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions())
        .extracting(Subscription::endpoint, Subscription::protocol)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(queue.arn(), "sqs"));

    sns.unsubscribe(r -> r.subscriptionArn(subscriptionArn));
    sns.publish(r -> r.topicArn(topicArn).message("lost"));

    assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions()).isEmpty();
    assertThat(drain(queue, 1)).isEmpty();
  }

  @Test
  void errorsComeBackAsTheSdkExceptionsSnsCauses() {
    String missing = SnsStandIn.topicArn("it-no-such-topic");
    assertThatThrownBy(() -> sns.publish(r -> r.topicArn(missing).message("x")))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));

    String topicArn = sns.createTopic(r -> r.name("it-errors")).topicArn();
    SqsQueue queue = sqsServer.createQueue("it-errors-inbox");
    assertThatThrownBy(() -> subscribe(topicArn, queue, Map.of("RawMessageDelivery", "maybe")))
        .isInstanceOfSatisfying(
            InvalidParameterException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topicArn).message("")))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> sns.createTopic(r -> r.name("bad name!")))
        .isInstanceOf(InvalidParameterException.class);
  }
}
