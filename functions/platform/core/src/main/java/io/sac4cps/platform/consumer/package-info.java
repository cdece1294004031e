/**
 * Shared mechanics of event consumers: Kafka-triggered Lambdas ({@link
 * io.sac4cps.platform.consumer.KafkaEventConsumer}) and SQS-triggered Lambdas ({@link
 * io.sac4cps.platform.consumer.SqsEventConsumer}).
 *
 * <p>Both read CloudEvents ({@link io.sac4cps.platform.consumer.InboundEvent}), apply each event at
 * most once per consumer by recording its id in {@code processed_event} in the same transaction as
 * the state change ({@link io.sac4cps.platform.consumer.ProcessedEvents}), and never let one bad
 * message hold back the others: a poison message (Kafka record or SQS message) goes to the
 * consumer's SQS dead-letter queue with its reason ({@link
 * io.sac4cps.platform.consumer.DeadLetterQueue}). A transient failure ({@link
 * io.sac4cps.platform.consumer.TransientFailure}: the database down) is retried and never
 * dead-lettered; a Kafka batch that fails otherwise is bisected so only the events that fail alone
 * are dead-lettered; an SQS message that fails otherwise is reported as a partial batch failure,
 * retried, and redriven to the queue's own DLQ by SQS after its last receive. {@link
 * io.sac4cps.platform.consumer.DeadLetterReplay} puts letters back (decision 0059).
 */
package io.sac4cps.platform.consumer;
