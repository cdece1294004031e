package io.sac4cps.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class EmbeddedSqsServerIT {

  private static EmbeddedSqsServer server;
  private static SqsClient sqs;

  @BeforeAll
  static void start() {
    server = EmbeddedSqsServer.start();
    // A client of its own, built as a function would build it, not the server's shared one.
    sqs = LocalAwsAccount.sqsClient(server.endpoint());
  }

  @AfterAll
  static void stop() {
    sqs.close();
    server.close();
  }

  @Test
  void sentMessageIsReceivedAndDeleted() {
    SqsQueue queue = server.createQueue("it-tasks-work");
    assertThat(queue.arn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:it-tasks-work");
    assertThat(queue.deadLetterArn())
        .isEqualTo("arn:aws:sqs:us-east-1:000000000000:it-tasks-work-dlq");

    sqs.sendMessage(r -> r.queueUrl(queue.url()).messageBody("{\"taskId\":\"t-1\"}"));
    List<Message> received =
        sqs.receiveMessage(r -> r.queueUrl(queue.url()).waitTimeSeconds(5)).messages();

    assertThat(received).extracting(Message::body).containsExactly("{\"taskId\":\"t-1\"}");
    sqs.deleteMessage(r -> r.queueUrl(queue.url()).receiptHandle(received.get(0).receiptHandle()));
    assertThat(sqs.receiveMessage(r -> r.queueUrl(queue.url()).waitTimeSeconds(1)).messages())
        .isEmpty();
  }

  @Test
  void queueHasTheRequestedVisibilityTimeoutAndRedrivePolicy() {
    SqsQueue queue = server.createQueue("it-settings", new QueueSettings(Duration.ofSeconds(7), 5));

    var attributes =
        sqs.getQueueAttributes(r -> r.queueUrl(queue.url()).attributeNames(QueueAttributeName.ALL))
            .attributes();

    assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("7");
    assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
        .contains(queue.deadLetterArn())
        .contains("5");
  }

  @Test
  void messageMovesToTheDeadLetterQueueAfterMaxReceiveCount() throws Exception {
    SqsQueue queue = server.createQueue("it-poison", new QueueSettings(Duration.ofSeconds(1), 2));
    sqs.sendMessage(r -> r.queueUrl(queue.url()).messageBody("poison"));

    for (int attempt = 1; attempt <= 2; attempt++) {
      List<Message> received =
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(queue.url())
                          .waitTimeSeconds(5)
                          .messageSystemAttributeNames(
                              MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
              .messages();
      assertThat(received).extracting(Message::body).containsExactly("poison");
      assertThat(
              received
                  .get(0)
                  .attributes()
                  .get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
          .isEqualTo(String.valueOf(attempt));
      Thread.sleep(1_200); // not deleted: it becomes visible again after the timeout
    }

    assertThat(sqs.receiveMessage(r -> r.queueUrl(queue.url()).waitTimeSeconds(2)).messages())
        .isEmpty();
    assertThat(
            sqs.receiveMessage(r -> r.queueUrl(queue.deadLetterUrl()).waitTimeSeconds(5))
                .messages())
        .extracting(Message::body)
        .containsExactly("poison");
  }

  @Test
  void fifoQueueGetsAFifoDeadLetterQueue() {
    SqsQueue queue = server.createQueue("it-ordered.fifo");

    assertThat(queue.deadLetterArn()).endsWith(":it-ordered-dlq.fifo");
    assertThat(
            sqs.getQueueAttributes(
                    r -> r.queueUrl(queue.url()).attributeNames(QueueAttributeName.FIFO_QUEUE))
                .attributes()
                .get(QueueAttributeName.FIFO_QUEUE))
        .isEqualTo("true");
  }
}
