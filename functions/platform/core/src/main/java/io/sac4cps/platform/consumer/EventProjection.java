package io.sac4cps.platform.consumer;

import java.util.List;

/**
 * What a Kafka-triggered consumer does with its events; {@link KafkaEventConsumer} does the rest.
 *
 * @param <T> the consumer's decoded form of an event
 */
public interface EventProjection<T> {

  /** The consumer's name in {@code processed_event}, e.g. {@code rooms.sensor-readings}. */
  String consumer();

  /** The SQS queue (name) that receives this consumer's poison records. */
  String deadLetterQueue();

  /**
   * Decodes an event. Pure: no I/O. Throws {@link PoisonRecordException} for a type or version it
   * does not know ({@link PoisonRecordException#unknownType}) or data that violates the schema
   * ({@link PoisonRecordException#schemaInvalid}).
   */
  T decode(InboundEvent event);

  /**
   * Applies events never applied before, in partition order, inside the transaction that records
   * them as processed. Throwing rolls both back and fails the batch, which is then redelivered.
   */
  void apply(List<T> events);
}
