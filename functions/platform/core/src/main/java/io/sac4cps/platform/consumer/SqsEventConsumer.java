package io.sac4cps.platform.consumer;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import io.opentelemetry.api.trace.Span;
import io.sac4cps.platform.jdbc.DatabaseOutage;
import io.sac4cps.platform.telemetry.Metric;
import io.sac4cps.platform.telemetry.Metrics;
import io.sac4cps.platform.telemetry.TraceContext;
import io.sac4cps.platform.telemetry.Tracing;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *   <li>sends a message that failed transiently ({@link TransientFailure}: database down, a
 *       deadlock) back to its queue with a growing delay ({@link SqsDelayedRetry}), so an outage
 *       does not spend its receives and dead-letter it; once the database is found down, the rest
 *       of the batch goes back the same way untried;
 *   <li>reports the messages that failed otherwise (a failed statement, a dead letter or delayed
 *       copy that could not be sent) as partial batch failures ({@link SqsBatch}): SQS redelivers
 *       only them, and after the queue's {@code maxReceiveCount} its redrive moves them to the DLQ.
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
  private static final Logger LOG = LoggerFactory.getLogger(SqsEventConsumer.class);
  private final CloudEventReader reader;
  private final ProcessedEvents processed;
  private final DeadLetterQueue deadLetters;
  private final TransactionOperations<Connection> transactions;
  private final Tracing tracing;
  private final Metrics metrics;
  private final SqsDelayedRetry delayedRetry;

  public SqsEventConsumer(
      CloudEventReader reader,
      ProcessedEvents processed,
      DeadLetterQueue deadLetters,
      TransactionOperations<Connection> transactions,
      Tracing tracing,
      Metrics metrics,
      SqsDelayedRetry delayedRetry) {
    this.delayedRetry = delayedRetry;
    this.tracing = tracing;
    this.metrics = metrics;
    this.reader = reader;
    this.processed = processed;
    this.deadLetters = deadLetters;
    this.transactions = transactions;
  }

  /** The partial batch failures: the ids of the messages SQS must deliver again. */
  public <T> SQSBatchResponse consume(SQSEvent event, EventProjection<T> projection) {
    // Once the database is found unreachable the rest of the batch is not tried: each message
    // would wait out the pool's connection timeout only to be retried later.
    RuntimeException[] outage = {null};
    try {
      return SqsBatch.process(
          event,
          message -> {
            if (outage[0] != null) {
              retryLater(message, projection, outage[0]);
              return;
            }
            try {
              consume(message, projection);
            } catch (RuntimeException e) {
              if (!TransientFailure.causes(e)) {
                throw e; // SQS delivers it again; after maxReceiveCount its redrive dead-letters it
              }
              if (DatabaseOutage.causes(e)) {
                outage[0] = e;
              }
              retryLater(message, projection, e);
            }
          });
    } finally {
      tracing.invocationEnded();
    }
  }

  /** A delayed copy that SQS's receive count does not see, or the item failure when past it. */
  private void retryLater(
      SQSEvent.SQSMessage message, EventProjection<?> projection, RuntimeException failure) {
    if (!delayedRetry.retryLater(message)) {
      throw failure;
    }
    LOG.info(
        "{}: SQS message {} failed transiently, sent back with a delay: {}",
        projection.consumer(),
        message.getMessageId(),
        failure.toString());
    metrics.emit(Map.of("Consumer", projection.consumer()), Metric.count("EventsRetriedLater", 1));
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
