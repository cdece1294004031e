package io.sac4cps.platform.consumer;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partial batch failures for SQS-triggered Lambdas (the event source mapping must enable {@code
 * ReportBatchItemFailures}): each message is handled on its own; those that throw are reported so
 * SQS redelivers only them, and after the queue's {@code maxReceiveCount} moves them to its DLQ. On
 * a FIFO queue the messages after a failure are reported too, so order within a group holds.
 */
public final class SqsBatch {
  private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);

  private SqsBatch() {}

  public static SQSBatchResponse process(SQSEvent event, Consumer<SQSEvent.SQSMessage> handler) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    List<SQSEvent.SQSMessage> messages =
        event.getRecords() == null ? List.of() : event.getRecords();
    boolean failedFifo = false;
    for (SQSEvent.SQSMessage message : messages) {
      if (failedFifo) {
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        continue;
      }
      try {
        handler.accept(message);
      } catch (RuntimeException e) {
        LOG.warn("SQS message {} failed: {}", message.getMessageId(), e.toString());
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        failedFifo = isFifo(message);
      }
    }
    return new SQSBatchResponse(failures);
  }

  private static boolean isFifo(SQSEvent.SQSMessage message) {
    return message.getEventSourceArn() != null && message.getEventSourceArn().endsWith(".fifo");
  }
}
