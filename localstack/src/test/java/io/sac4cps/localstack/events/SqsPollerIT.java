package io.sac4cps.localstack.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.sac4cps.embedded.EmbeddedSqsServer;
import io.sac4cps.embedded.QueueSettings;
import io.sac4cps.embedded.SqsQueue;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQS event-source mapping against ElasticMQ. */
class SqsPollerIT {
  private static EmbeddedSqsServer sqs;

  @BeforeAll
  static void start() {
    sqs = EmbeddedSqsServer.start();
  }

  @AfterAll
  static void stop() {
    sqs.close();
  }

  @Test
  void reportedFailuresAreRetriedThenDeadLetteredWhileTheRestIsDeleted() throws Exception {
    SqsQueue queue = sqs.createQueue("orders", new QueueSettings(Duration.ofSeconds(1), 2));
    Set<String> seen = ConcurrentHashMap.newKeySet();
    try (SqsPoller poller =
        new SqsPoller(
                sqs.client(),
                "orders",
                queue.url(),
                10,
                Duration.ofSeconds(1),
                event -> {
                  List<SQSBatchResponse.BatchItemFailure> failures =
                      event.getRecords().stream()
                          .peek(m -> seen.add(m.getBody()))
                          .filter(m -> m.getBody().equals("poison"))
                          .map(SQSEvent.SQSMessage::getMessageId)
                          .map(id -> new SQSBatchResponse.BatchItemFailure(id))
                          .toList();
                  return new SQSBatchResponse(failures);
                })
            .start()) {
      sqs.client().sendMessage(b -> b.queueUrl(queue.url()).messageBody("good"));
      sqs.client().sendMessage(b -> b.queueUrl(queue.url()).messageBody("poison"));

      long deadline = System.currentTimeMillis() + 20_000;
      List<String> deadLettered = List.of();
      while (System.currentTimeMillis() < deadline && deadLettered.isEmpty()) {
        deadLettered =
            sqs
                .client()
                .receiveMessage(b -> b.queueUrl(queue.deadLetterUrl()).waitTimeSeconds(1))
                .messages()
                .stream()
                .map(m -> m.body())
                .toList();
      }
      assertThat(deadLettered).containsExactly("poison");
      assertThat(seen).contains("good", "poison");
      assertThat(poller.handled()).isEqualTo(1);
      assertThat(poller.failed()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void withConcurrencyASecondMessageIsHandledWhileTheFirstInvocationStillRuns() throws Exception {
    SqsQueue queue = sqs.createQueue("work", new QueueSettings(Duration.ofSeconds(30), 2));
    CountDownLatch cancelHandled = new CountDownLatch(1);
    AtomicBoolean runSawCancel = new AtomicBoolean();
    try (SqsPoller poller =
        new SqsPoller(
                sqs.client(),
                "work",
                queue.url(),
                1,
                Duration.ofSeconds(1),
                2,
                event -> {
                  String body = event.getRecords().get(0).getBody();
                  if (body.equals("run")) {
                    // A running task: it ends only once the cancel was handled beside it.
                    try {
                      runSawCancel.set(cancelHandled.await(15, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  } else {
                    cancelHandled.countDown();
                  }
                  return new SQSBatchResponse(List.of());
                })
            .start()) {
      sqs.client().sendMessage(b -> b.queueUrl(queue.url()).messageBody("run"));
      Thread.sleep(1500);
      sqs.client().sendMessage(b -> b.queueUrl(queue.url()).messageBody("cancel"));

      long deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline && poller.handled() < 2) {
        Thread.sleep(100);
      }
      assertThat(runSawCancel).isTrue();
      assertThat(poller.handled()).isEqualTo(2);
    }
  }
}
