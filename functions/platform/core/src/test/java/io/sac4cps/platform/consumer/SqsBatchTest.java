package io.sac4cps.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsBatchTest {

  @Test
  void reportsOnlyTheMessagesThatFailedOnAStandardQueue() {
    List<String> handled = new ArrayList<>();
    SQSEvent event = event("arn:aws:sqs:eu-west-1:1:inbox", "m1", "bad", "m3");

    SQSBatchResponse response =
        SqsBatch.process(
            event,
            m -> {
              if (m.getBody().equals("bad")) {
                throw new IllegalStateException("boom");
              }
              handled.add(m.getMessageId());
            });

    assertThat(handled).containsExactly("m1", "m3");
    assertThat(response.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("bad");
  }

  @Test
  void onAFifoQueueEverythingAfterAFailureIsReportedToKeepOrder() {
    List<String> handled = new ArrayList<>();
    SQSEvent event = event("arn:aws:sqs:eu-west-1:1:tasks.fifo", "m1", "bad", "m3");

    SQSBatchResponse response =
        SqsBatch.process(
            event,
            m -> {
              if (m.getBody().equals("bad")) {
                throw new IllegalStateException("boom");
              }
              handled.add(m.getMessageId());
            });

    assertThat(handled).containsExactly("m1");
    assertThat(response.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("bad", "m3");
  }

  private static SQSEvent event(String arn, String... bodies) {
    List<SQSEvent.SQSMessage> messages = new ArrayList<>();
    for (String body : bodies) {
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId(body);
      message.setBody(body);
      message.setEventSourceArn(arn);
      messages.add(message);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(messages);
    return event;
  }
}
