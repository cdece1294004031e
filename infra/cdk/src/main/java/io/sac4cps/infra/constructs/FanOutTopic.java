package io.sac4cps.infra.constructs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.constructs.Construct;

/**
 * An SNS topic fanned out to SQS queues, each of them a {@link DeadLetteredQueue} (so every
 * subscriber has its own DLQ, redrive and alarms), encrypted at rest under a customer-managed key.
 * A queue may be subscribed to several topics.
 */
public final class FanOutTopic extends Construct {

  private final Topic topic;

  private FanOutTopic(Construct scope, String id, Builder props) {
    super(scope, id);
    // Messages at rest under the platform's topic key; grantPublish adds the publisher's
    // kms:Decrypt/GenerateDataKey* on it, and the key lets SNS use it to deliver to the queues.
    this.topic =
        Topic.Builder.create(this, "Topic").topicName(props.topicName).masterKey(props.key).build();
    // SNS only publishes over TLS to a topic whose policy demands it.
    topic.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("EnforceTls")
            .effect(Effect.DENY)
            .principals(List.of(new AnyPrincipal()))
            .actions(List.of("sns:Publish"))
            .resources(List.of(topic.getTopicArn()))
            .conditions(Map.of("Bool", Map.of("aws:SecureTransport", "false")))
            .build());
    for (Subscription subscription : props.subscriptions) {
      topic.addSubscription(
          SqsSubscription.Builder.create(subscription.queue().getQueue())
              .rawMessageDelivery(subscription.rawMessageDelivery())
              // What SNS cannot deliver to the queue (queue gone, policy broken, KMS) lands in
              // the queue's own alarmed DLQ instead of being dropped.
              .deadLetterQueue(subscription.queue().getDeadLetterQueue())
              .build());
    }
  }

  public static Builder builder(Construct scope, String id) {
    return new Builder(scope, id);
  }

  public Topic getTopic() {
    return topic;
  }

  private record Subscription(DeadLetteredQueue queue, boolean rawMessageDelivery) {}

  /** Props builder; {@link #build()} validates before creating anything. */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private String topicName;
    private IKey key;
    private final List<Subscription> subscriptions = new ArrayList<>();

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    public Builder topicName(String topicName) {
      this.topicName = topicName;
      return this;
    }

    /** The customer-managed key messages are encrypted under at rest (required). */
    public Builder key(IKey key) {
      this.key = key;
      return this;
    }

    /**
     * Subscribes a queue. {@code rawMessageDelivery} hands the queue the message body itself
     * instead of SNS's JSON envelope.
     */
    public Builder subscribe(DeadLetteredQueue queue, boolean rawMessageDelivery) {
      subscriptions.add(new Subscription(queue, rawMessageDelivery));
      return this;
    }

    public FanOutTopic build() {
      if (topicName == null || !topicName.matches("[A-Za-z0-9_-]{1,256}")) {
        throw new IllegalArgumentException(
            "topicName must be 1..256 letters, digits, '-' or '_', was " + topicName);
      }
      if (subscriptions.isEmpty()) {
        throw new IllegalArgumentException(
            topicName + ": a fan-out topic needs at least one queue");
      }
      long distinct = subscriptions.stream().map(Subscription::queue).distinct().count();
      if (distinct != subscriptions.size()) {
        throw new IllegalArgumentException(topicName + ": a queue is subscribed twice");
      }
      if (key == null) {
        throw new IllegalArgumentException(topicName + ": a fan-out topic needs its KMS key");
      }
      return new FanOutTopic(scope, id, this);
    }
  }
}
