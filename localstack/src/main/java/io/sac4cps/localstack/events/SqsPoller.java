package io.sac4cps.localstack.events;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.sac4cps.embedded.SqsEventSource;
import io.sac4cps.localstack.runtime.LocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS event-source mapping: receives up to {@code batchSize} messages, hands them to the
 * handler as one {@link SQSEvent}, and deletes the ones the handler did not list in its {@code
 * batchItemFailures}. When the handler throws, nothing is deleted. Messages not deleted become
 * visible again after the queue's visibility timeout and move to the queue's DLQ after its {@code
 * maxReceiveCount} receives; the queue's redrive policy does that, as in AWS.
 */
public final class SqsPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SqsPoller.class);

  private final SqsClient sqs;
  private final String queueName;
  private final String queueUrl;
  private final int batchSize;
  private final Duration waitTime;
  private final Function<SQSEvent, SQSBatchResponse> handler;
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  /**
   * @param waitTime long-poll wait; short keeps shutdown quick
   * @param handler the consumer; returns the partial batch failures
   */
  public SqsPoller(
      SqsClient sqs,
      String queueName,
      String queueUrl,
      int batchSize,
      Duration waitTime,
      Function<SQSEvent, SQSBatchResponse> handler) {
    this(sqs, queueName, queueUrl, batchSize, waitTime, 1, handler);
  }

  /**
   * @param concurrency invocations at once, as the mapping's maximum concurrency allows: each
   *     poller receives and invokes on its own, so a second message (a cancel) is handled while the
   *     first one's invocation still runs
   */
  public SqsPoller(
      SqsClient sqs,
      String queueName,
      String queueUrl,
      int batchSize,
      Duration waitTime,
      int concurrency,
      Function<SQSEvent, SQSBatchResponse> handler) {
    this.sqs = sqs;
    this.queueName = queueName;
    this.queueUrl = queueUrl;
    this.batchSize = Math.min(10, Math.max(1, batchSize));
    this.waitTime = waitTime;
    this.handler = handler;
    for (int i = 0; i < Math.max(1, concurrency); i++) {
      threads.add(
          Thread.ofPlatform()
              .daemon()
              .name("sqs-poller-" + queueName + (i == 0 ? "" : "-" + i))
              .unstarted(this::run));
    }
  }

  public SqsPoller start() {
    threads.forEach(Thread::start);
    return this;
  }

  /** Messages the handler processed successfully so far. */
  public long handled() {
    return handled.get();
  }

  /** Messages the handler failed (listed or thrown) so far; they are retried. */
  public long failed() {
    return failed.get();
  }

  @Override
  public void close() {
    running = false;
    threads.forEach(Thread::interrupt);
    try {
      for (Thread thread : threads) {
        thread.join(Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (running) {
      try {
        pollOnce();
      } catch (RuntimeException e) {
        if (running) {
          LOG.warn("sqs {}: poll failed: {}", queueName, e.toString());
          pause(Duration.ofSeconds(1));
        }
      }
    }
  }

  /** One receive and, when messages came, one invocation. */
  void pollOnce() {
    List<Message> messages =
        sqs.receiveMessage(
                b ->
                    b.queueUrl(queueUrl)
                        .maxNumberOfMessages(batchSize)
                        .waitTimeSeconds((int) waitTime.toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
            .messages();
    if (messages.isEmpty()) {
      return;
    }
    Set<String> failures;
    try {
      SQSBatchResponse response = handler.apply(event(messages));
      failures = failures(response, messages);
    } catch (RuntimeException e) {
      LOG.warn(
          "sqs {}: handler failed for {} messages, they will be retried: {}",
          queueName,
          messages.size(),
          e.toString());
      failed.addAndGet(messages.size());
      return;
    }
    List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      if (!failures.contains(message.messageId())) {
        done.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .receiptHandle(message.receiptHandle())
                .build());
      }
    }
    if (!done.isEmpty()) {
      sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
    }
    handled.addAndGet(done.size());
    failed.addAndGet(failures.size());
  }

  /** Lambda treats a response naming an unknown or empty id as a failure of the whole batch. */
  private Set<String> failures(SQSBatchResponse response, List<Message> messages) {
    Set<String> ids = new HashSet<>();
    messages.forEach(m -> ids.add(m.messageId()));
    Set<String> failures = new HashSet<>();
    if (response == null || response.getBatchItemFailures() == null) {
      return failures;
    }
    for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
      String id = failure.getItemIdentifier();
      if (id == null || !ids.contains(id)) {
        LOG.warn(
            "sqs {}: batchItemFailures names unknown id {}; retrying the batch", queueName, id);
        return ids;
      }
      failures.add(id);
    }
    return failures;
  }

  private SQSEvent event(List<Message> messages) {
    return SqsEventSource.event(LocalAws.queueArn(queueName), messages);
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
