package io.sac4cps.platform.consumer;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Applies CloudEvents from an SQS batch (raw, or wrapped in SNS notifications) at most once per
 * consumer, each in its own transaction together with its {@code processed_event} row, and reports
 * the messages that failed as partial batch failures ({@link SqsBatch}). A message that is not a
 * CloudEvent fails too and reaches the queue's DLQ after its retries. Usage:
 *
 * <pre>{@code
 * public class AlertsQueueHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
 *   @Inject SqsEventConsumer consumer;
 *   @Inject AlertProjection alerts;
 *
 *   public SQSBatchResponse execute(SQSEvent event) {
 *     return consumer.consume(event, "analytics.alerts", alerts::apply);
 *   }
 * }
 * }</pre>
 */
@Singleton
public class SqsEventConsumer {
  private final CloudEventReader reader;
  private final ProcessedEvents processed;
  private final TransactionOperations<Connection> transactions;

  public SqsEventConsumer(
      CloudEventReader reader,
      ProcessedEvents processed,
      TransactionOperations<Connection> transactions) {
    this.reader = reader;
    this.processed = processed;
    this.transactions = transactions;
  }

  /**
   * @param consumer the consumer's name in {@code processed_event}
   * @param handler applies one event inside the transaction; throws to fail the message
   */
  public SQSBatchResponse consume(SQSEvent event, String consumer, Consumer<InboundEvent> handler) {
    return SqsBatch.process(
        event,
        message -> {
          InboundEvent inbound = reader.readSqsBody(message.getBody());
          transactions.executeWrite(
              status -> {
                if (!processed.claim(consumer, List.of(inbound.id())).isEmpty()) {
                  handler.accept(inbound);
                }
                return null;
              });
        });
  }
}
