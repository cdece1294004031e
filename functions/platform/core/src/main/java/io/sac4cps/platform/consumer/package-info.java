/**
 * Shared mechanics of event consumers: Kafka-triggered Lambdas ({@link
 * io.sac4cps.platform.consumer.KafkaEventConsumer}) and SQS-triggered Lambdas ({@link
 * io.sac4cps.platform.consumer.SqsEventConsumer}).
 *
 * <p>Both read CloudEvents ({@link io.sac4cps.platform.consumer.InboundEvent}), apply each event at
 * most once per consumer by recording its id in {@code processed_event} in the same transaction as
 * the state change ({@link io.sac4cps.platform.consumer.ProcessedEvents}), and never let one bad
 * message hold back the others: a Kafka poison record goes to the consumer's SQS dead-letter queue
 * with its reason ({@link io.sac4cps.platform.consumer.DeadLetterQueue}); a failed SQS message is
 * reported as a partial batch failure and redriven to the queue's own DLQ by SQS.
 */
package io.sac4cps.platform.consumer;
