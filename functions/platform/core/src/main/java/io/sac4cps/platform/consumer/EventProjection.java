package io.sac4cps.platform.consumer;

import java.util.List;

/**
 * What an event consumer does with its events; {@link KafkaEventConsumer} (Kafka-triggered) and
 * {@link SqsEventConsumer} (SQS-triggered) do the rest: decoding, dedupe on the event id,
 * transactions, dead letters and redelivery.
 *
 * @param <T> the consumer's decoded form of an event
 */
public interface EventProjection<T> {

  /** The consumer's name in {@code processed_event}, e.g. {@code rooms.sensor-readings}. */
  String consumer();

  /**
   * The SQS queue (name) that receives this consumer's poison messages, with their reason: for a
   * Kafka consumer its wiring's {@code dlq}, for an SQS consumer its queue's own DLQ ({@code
   * <queue>-dlq}), which also receives what SQS's redrive moves there after the retries.
   */
  String deadLetterQueue();

  /**
   * Decodes an event. Pure: no I/O. Throws {@link PoisonRecordException} for a type or version it
   * does not know ({@link PoisonRecordException#unknownType}) or data that violates the schema
   * ({@link PoisonRecordException#schemaInvalid}).
   */
  T decode(InboundEvent event);

  /**
   * Applies events never applied before (a Kafka batch in partition order; one SQS message at a
   * time) inside the transaction that records them as processed. Throwing rolls both back and fails
   * the batch (Kafka) or the message (SQS), which is then redelivered.
   */
  void apply(List<T> events);

  /**
   * A Kafka consumer's batch size in its event-source mapping (the wiring's {@code batchSize}). A
   * batch that full means records are waiting behind it, so {@link KafkaEventConsumer} lets the
   * after-commit publish of its events overlap the next batch instead of waiting for it (decision
   * 0075). The default never counts as full: every invocation waits for its publish.
   */
  default int batchSize() {
    return Integer.MAX_VALUE;
  }
}
