package io.sac4cps.platform.consumer;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import io.opentelemetry.api.trace.Span;
import io.sac4cps.platform.telemetry.Metric;
import io.sac4cps.platform.telemetry.Metrics;
import io.sac4cps.platform.telemetry.TraceContext;
import io.sac4cps.platform.telemetry.Tracing;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a Lambda {@link SQSEvent} batch through an {@link EventProjection}, the way {@link
 * KafkaEventConsumer} runs a Kafka batch:
 *
 * <ol>
 *   <li>decodes each message body (a CloudEvent, raw or inside an SNS notification when the
 *       subscription has no raw message delivery); a message that fails with {@link
 *       PoisonRecordException} is sent to the projection's dead-letter queue with its reason and
 *       counts as handled, so it is not retried;
 *   <li>in a transaction of its own per message, claims the event id in {@code processed_event} and
 *       applies it only if it was never applied before, so a redelivered message changes nothing;
 *   <li>reports the messages that failed otherwise (database down, a dead letter that could not be
 *       sent) as partial batch failures ({@link SqsBatch}): SQS redelivers only them, and after the
 *       queue's {@code maxReceiveCount} its redrive moves them to the DLQ.
 * </ol>
 *
 * One transaction per message keeps one failure from rolling back the others: with SQS batches of
 * at most 10 that costs little. A handler is a few lines (the event-source mapping must enable
 * {@code ReportBatchItemFailures}):
 *
 * <pre>{@code
 * public class AlertsQueueHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
 *   @Inject SqsEventConsumer consumer;
 *   @Inject AlertProjection projection;
 *
 *   public SQSBatchResponse execute(SQSEvent event) {
 *     return consumer.consume(event, projection);
 *   }
 * }
 * }</pre>
 */
@Singleton
@Requires(classes = software.amazon.awssdk.services.sqs.SqsClient.class)
public class SqsEventConsumer {
  private final CloudEventReader reader;
  private final ProcessedEvents processed;
  private final DeadLetterQueue deadLetters;
  private final TransactionOperations<Connection> transactions;
  private final Tracing tracing;
  private final Metrics metrics;

  public SqsEventConsumer(
      CloudEventReader reader,
      ProcessedEvents processed,
      DeadLetterQueue deadLetters,
      TransactionOperations<Connection> transactions,
      Tracing tracing,
      Metrics metrics) {
    this.tracing = tracing;
    this.metrics = metrics;
    this.reader = reader;
    this.processed = processed;
    this.deadLetters = deadLetters;
    this.transactions = transactions;
  }

  /** The partial batch failures: the ids of the messages SQS must deliver again. */
  public <T> SQSBatchResponse consume(SQSEvent event, EventProjection<T> projection) {
    try {
      return SqsBatch.process(event, message -> consume(message, projection));
    } finally {
      tracing.invocationEnded();
    }
  }

  private <T> void consume(SQSEvent.SQSMessage message, EventProjection<T> projection) {
    InboundEvent inbound;
    T decoded;
    try {
      inbound = reader.readSqsBody(message.getBody() == null ? "" : message.getBody());
      decoded = projection.decode(inbound);
    } catch (PoisonRecordException e) {
      // Throws when the letter cannot be sent: the message then fails and is retried, not lost.
      deadLetters.sendAll(
          projection.deadLetterQueue(), List.of(DeadLetter.of(projection.consumer(), message, e)));
      metrics.emit(
          Map.of("Consumer", projection.consumer()),
          Metric.count("EventsReceived", 1),
          Metric.count("DeadLetters", 1));
      return;
    }
    Optional<TraceContext> producer =
        TraceContext.first(List.of(attributeTrace(message), Optional.ofNullable(inbound.trace())));
    Span span =
        tracing.startProcess(
            "aws_sqs",
            queueName(message),
            producer.map(List::of).orElse(List.of()),
            1,
            inbound.tenantId());
    Tracing.within(span, () -> apply(inbound, decoded, projection));
  }

  /** The publish span's context as SQS message attributes (raw SNS delivery, SQS sends). */
  private static Optional<TraceContext> attributeTrace(SQSEvent.SQSMessage message) {
    Map<String, SQSEvent.MessageAttribute> attributes = message.getMessageAttributes();
    if (attributes == null) {
      return Optional.empty();
    }
    SQSEvent.MessageAttribute parent = attributes.get(TraceContext.TRACEPARENT);
    SQSEvent.MessageAttribute state = attributes.get(TraceContext.TRACESTATE);
    return TraceContext.parse(
        parent == null ? null : parent.getStringValue(),
        state == null ? null : state.getStringValue());
  }

  /** The queue's name, the last part of its ARN. */
  private static String queueName(SQSEvent.SQSMessage message) {
    String arn = message.getEventSourceArn();
    return arn == null ? "sqs" : arn.substring(arn.lastIndexOf(':') + 1);
  }

  private <T> Void apply(InboundEvent inbound, T decoded, EventProjection<T> projection) {
    return transactions.executeWrite(
        status -> {
          boolean fresh = !processed.claim(projection.consumer(), List.of(inbound.id())).isEmpty();
          if (fresh) {
            projection.apply(List.of(decoded));
          }
          // Emitted once committed: a rolled-back message is retried and counted then.
          status.registerSynchronization(
              new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                  metrics.emit(
                      Map.of("Consumer", projection.consumer()),
                      Metric.count("EventsReceived", 1),
                      Metric.count("EventsApplied", fresh ? 1 : 0),
                      Metric.count("EventsDuplicate", fresh ? 0 : 1));
                }
              });
          return null;
        });
  }
}
