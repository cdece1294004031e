package io.sac4cps.testkit.tasks;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.embedded.SqsEventSource;
import io.sac4cps.embedded.SqsQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's event-source mapping of a task work queue, for tests: {@code concurrency} pollers each
 * receive one message, invoke the handler with it and a Lambda context whose deadline is {@link
 * #invocationTimeout} away, and delete it unless the response lists it, as Lambda does with {@code
 * ReportBatchItemFailures}. Two pollers let a cancel be handled while a run is under way. A poller
 * whose invocation hangs stays stuck in it, as a dead worker's message waits for its visibility
 * timeout; {@link #close} interrupts them.
 */
public final class WorkQueueSource implements AutoCloseable {

  /** One message handed to the handler. */
  public record Delivery(Instant at, String body, int receiveCount) {}

  private final SqsClient sqs;
  private final SqsQueue queue;
  private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
  private final List<Thread> pollers = new ArrayList<>();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private volatile Duration invocationTimeout = Duration.ofSeconds(60);
  private volatile boolean running = true;

  public WorkQueueSource(
      SqsClient sqs,
      SqsQueue queue,
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      int concurrency) {
    this.sqs = sqs;
    this.queue = queue;
    this.handler = handler;
    for (int i = 0; i < concurrency; i++) {
      pollers.add(
          Thread.ofPlatform()
              .daemon()
              .name("work-" + queue.name() + "-" + i)
              .unstarted(this::poll));
    }
  }

  public WorkQueueSource start() {
    pollers.forEach(Thread::start);
    return this;
  }

  /** The Lambda timeout of the invocations that start from now on. */
  public void invocationTimeout(Duration timeout) {
    this.invocationTimeout = timeout;
  }

  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** The deliveries whose body contains {@code text} (e.g. a task id). */
  public List<Delivery> deliveriesOf(String text) {
    return deliveries.stream().filter(d -> d.body().contains(text)).toList();
  }

  private void poll() {
    while (running) {
      List<Message> messages;
      try {
        messages =
            sqs.receiveMessage(
                    b ->
                        b.queueUrl(queue.url())
                            .maxNumberOfMessages(1)
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All"))
                .messages();
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        continue;
      }
      for (Message message : messages) {
        invoke(message);
      }
    }
  }

  private void invoke(Message message) {
    Instant at = Instant.now();
    int receives =
        Integer.parseInt(
            message
                .attributes()
                .getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
    // Recorded as received, before the handler runs: a hung invocation counts too.
    deliveries.add(new Delivery(at, message.body(), receives));
    SQSEvent event = SqsEventSource.event(queue.arn(), List.of(message));
    LocalLambdaContext context =
        new LocalLambdaContext(
            "work-" + queue.name(), UUID.randomUUID().toString(), 512, at.plus(invocationTimeout));
    boolean failed;
    try {
      SQSBatchResponse response = handler.handleRequest(event, context);
      Set<String> failures =
          response.getBatchItemFailures().stream()
              .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
              .collect(Collectors.toSet());
      failed = failures.contains(message.messageId());
    } catch (RuntimeException e) {
      failed = true;
    }
    if (!failed && running) {
      sqs.deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(message.receiptHandle()));
    }
  }

  @Override
  public void close() {
    running = false;
    pollers.forEach(Thread::interrupt);
    for (Thread poller : pollers) {
      try {
        poller.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
