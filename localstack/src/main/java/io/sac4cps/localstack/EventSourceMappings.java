package io.sac4cps.localstack;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.sac4cps.contracts.wiring.KafkaConsumer;
import io.sac4cps.contracts.wiring.KafkaTopic;
import io.sac4cps.contracts.wiring.SqsQueue;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.localstack.events.KafkaPoller;
import io.sac4cps.localstack.events.SqsPoller;
import io.sac4cps.localstack.runtime.LambdaFunction;
import io.sac4cps.localstack.services.BackingServices;
import io.sac4cps.localstack.services.WiringProvisioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda's event-source mappings: one poller per SQS queue or Kafka consumer of the wiring whose
 * function runs, handing it batches as Lambda would.
 */
final class EventSourceMappings implements AutoCloseable {
  /**
   * How long a failing Kafka batch is retried before its offsets go to the on-failure destination
   * (decision 0059): a database outage of a local session is shorter.
   */
  private static final Duration KAFKA_MAX_RECORD_AGE = Duration.ofHours(1);

  private final List<AutoCloseable> pollers = new ArrayList<>();

  private EventSourceMappings() {}

  static EventSourceMappings start(
      Wiring wiring,
      FunctionFleet fleet,
      BackingServices services,
      WiringProvisioner.Provisioned provisioned) {
    EventSourceMappings mappings = new EventSourceMappings();
    for (SqsQueue queue : wiring.queues()) {
      queue
          .consumer()
          .filter(c -> !c.planned())
          .ifPresent(
              consumer ->
                  fleet
                      .running(consumer.function())
                      .ifPresent(
                          function -> {
                            Duration timeout =
                                Duration.ofSeconds(
                                    consumer.timeoutSeconds(
                                        wiring.function(consumer.function()).orElseThrow()));
                            mappings.pollers.add(
                                new SqsPoller(
                                        services.sqs(),
                                        queue.name(),
                                        provisioned.queueUrl(queue.name()),
                                        queue.batchSize(),
                                        Duration.ofSeconds(1),
                                        consumer.maxConcurrency().orElse(1),
                                        event ->
                                            LambdaFunction.convert(
                                                function.invoke(consumer.handler(), event, timeout),
                                                SQSBatchResponse.class))
                                    .start());
                          }));
    }
    for (KafkaTopic topic : wiring.kafkaTopics()) {
      for (KafkaConsumer consumer : topic.consumers()) {
        LambdaFunction function = fleet.running(consumer.function()).orElse(null);
        if (consumer.planned() || function == null) {
          continue;
        }
        Duration timeout = Duration.ofSeconds(function.spec().timeoutSeconds());
        String dlqUrl = provisioned.queueUrl(consumer.dlq());
        mappings.pollers.add(
            new KafkaPoller(
                    new KafkaPoller.Settings(
                        services.kafkaBootstrapServers(),
                        topic.topic(),
                        consumer.groupId(topic.topic()),
                        consumer.batchSize(),
                        KAFKA_MAX_RECORD_AGE,
                        Duration.ofSeconds(1),
                        consumer.function()),
                    event -> function.invoke(consumer.handler(), event, timeout),
                    failure ->
                        services.sqs().sendMessage(b -> b.queueUrl(dlqUrl).messageBody(failure)))
                .start());
      }
    }
    return mappings;
  }

  @Override
  public void close() {
    pollers.forEach(FunctionFleet::closeQuietly);
    pollers.clear();
  }
}
