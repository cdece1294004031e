package io.sac4cps.infra;

import io.sac4cps.contracts.wiring.Bucket;
import io.sac4cps.contracts.wiring.SnsSubscription;
import io.sac4cps.contracts.wiring.SnsTopic;
import io.sac4cps.contracts.wiring.SqsQueue;
import io.sac4cps.infra.constructs.DeadLetteredQueue;
import io.sac4cps.infra.constructs.FanOutTopic;
import io.sac4cps.infra.constructs.PrivateBucket;
import io.sac4cps.infra.plan.DeploymentPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The wiring's queues (each with its DLQ), SNS topics fanned out to them, Kafka consumers'
 * dead-letter queues (made when a consumer is deployed) and buckets, by their wiring names.
 */
final class Channels {

  private final Construct scope;
  private final Map<String, DeadLetteredQueue> queues = new LinkedHashMap<>();
  private final Map<String, FanOutTopic> topics = new LinkedHashMap<>();
  private final Map<String, DeadLetteredQueue> kafkaDeadLetterQueues = new LinkedHashMap<>();
  private final Map<String, PrivateBucket> buckets = new LinkedHashMap<>();
  private DeadLetteredQueue relayScheduleDeadLetters;
  private final Key topicKey;

  Channels(Construct scope, DeploymentPlan plan, StageSettings stage) {
    this.scope = scope;
    for (SqsQueue queue : plan.queues()) {
      queues.put(
          queue.name(),
          DeadLetteredQueue.builder(scope, "Queue-" + queue.name())
              .queueName(queue.name())
              .visibilityTimeoutSeconds(queue.visibilityTimeoutSeconds())
              .maxReceiveCount(queue.maxReceiveCount())
              .maxMessageAgeSeconds(stage.maxMessageAgeSeconds())
              .build());
    }
    // One key for every topic: a key per topic took a resource each towards CloudFormation's 500.
    this.topicKey = plan.topics().isEmpty() ? null : topicKey(scope, stage);
    for (SnsTopic topic : plan.topics()) {
      FanOutTopic.Builder builder =
          FanOutTopic.builder(scope, "Topic-" + topic.name()).topicName(topic.name()).key(topicKey);
      for (SnsSubscription subscription : topic.subscriptions()) {
        builder.subscribe(queue(subscription.queue()), subscription.rawMessageDelivery());
      }
      topics.put(topic.name(), builder.build());
    }
    for (Bucket bucket : plan.buckets()) {
      buckets.put(
          bucket.name(),
          PrivateBucket.builder(scope, "Bucket-" + bucket.name())
              .name(bucket.name())
              .expireAfterDays(bucket.expireAfterDays())
              .removalPolicy(stage.logRemovalPolicy())
              .build());
    }
  }

  /**
   * The topics' key, rotated yearly. SNS itself uses it to read what it delivers to the queues
   * (kms:Decrypt, kms:GenerateDataKey*), for topics of this account only; publishers get their use
   * of it with their grantPublish.
   */
  private static Key topicKey(Construct scope, StageSettings stage) {
    Key key =
        Key.Builder.create(scope, "TopicKey")
            .description("sac4cps " + stage.name() + ": SNS topics, messages at rest")
            .enableKeyRotation(true)
            .build();
    key.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("SnsDeliversToSubscribedQueues")
            .principals(List.of(new ServicePrincipal("sns.amazonaws.com")))
            .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
            .resources(List.of("*"))
            .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
            .build());
    return key;
  }

  DeadLetteredQueue queue(String name) {
    DeadLetteredQueue queue = queues.get(name);
    if (queue == null) {
      throw new IllegalArgumentException("no queue '" + name + "' in the wiring");
    }
    return queue;
  }

  FanOutTopic topic(String name) {
    FanOutTopic topic = topics.get(name);
    if (topic == null) {
      throw new IllegalArgumentException("no SNS topic '" + name + "' in the wiring");
    }
    return topic;
  }

  PrivateBucket bucket(String name) {
    PrivateBucket bucket = buckets.get(name);
    if (bucket == null) {
      throw new IllegalArgumentException("no bucket '" + name + "' in the wiring");
    }
    return bucket;
  }

  /** A Kafka consumer's on-failure destination, alarmed as soon as anything lands in it. */
  Queue kafkaDeadLetterQueue(String name) {
    return kafkaDeadLetterQueues
        .computeIfAbsent(
            name,
            queueName ->
                DeadLetteredQueue.builder(scope, "KafkaDlq-" + queueName)
                    .queueName(queueName)
                    .source(DeadLetteredQueue.Source.KAFKA_CONSUMER)
                    .build())
        .getDeadLetterQueue();
  }

  /**
   * Where the outbox-relay schedules put invocations that failed after their retries: one queue for
   * every function's schedule, alarmed as soon as anything lands in it.
   */
  DeadLetteredQueue relayScheduleDeadLetters() {
    if (relayScheduleDeadLetters == null) {
      relayScheduleDeadLetters =
          DeadLetteredQueue.builder(scope, "RelayScheduleDlq")
              .queueName("outbox-relay-schedule-dlq")
              .source(DeadLetteredQueue.Source.SCHEDULE)
              .build();
    }
    return relayScheduleDeadLetters;
  }

  /**
   * The queue an SQS variable names: a wiring queue (an outbox destination), the DLQ of one (where
   * its consumer sends poison) or a Kafka consumer's dead-letter queue.
   */
  Queue sqsQueue(String name) {
    DeadLetteredQueue queue = queues.get(name);
    if (queue != null) {
      return queue.getQueue();
    }
    if (name.endsWith("-dlq") && queues.containsKey(name.substring(0, name.length() - 4))) {
      return queues.get(name.substring(0, name.length() - 4)).getDeadLetterQueue();
    }
    DeadLetteredQueue deadLetters = kafkaDeadLetterQueues.get(name);
    if (deadLetters == null) {
      throw new IllegalArgumentException("no queue '" + name + "' in the wiring");
    }
    return deadLetters.getDeadLetterQueue();
  }
}
