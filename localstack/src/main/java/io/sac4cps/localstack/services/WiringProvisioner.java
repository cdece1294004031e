package io.sac4cps.localstack.services;

import io.sac4cps.contracts.wiring.Bucket;
import io.sac4cps.contracts.wiring.KafkaConsumer;
import io.sac4cps.contracts.wiring.KafkaTopic;
import io.sac4cps.contracts.wiring.SnsSubscription;
import io.sac4cps.contracts.wiring.SnsTopic;
import io.sac4cps.contracts.wiring.SqsQueue;
import io.sac4cps.contracts.wiring.Wiring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates what {@code contracts/wiring.yaml} describes, as the CDK app does in AWS: every SQS queue
 * with its DLQ and redrive policy, each Kafka consumer's DLQ, the Kafka topics, and the SNS topics
 * with their queue subscriptions. Creating is idempotent, so an external server that already has
 * them is fine.
 */
public final class WiringProvisioner {

  /** The queues made, by name, with their URLs. */
  public record Provisioned(Map<String, String> queueUrls, Map<String, String> topicArns) {
    public Provisioned {
      queueUrls = Map.copyOf(queueUrls);
      topicArns = Map.copyOf(topicArns);
    }

    public String queueUrl(String name) {
      String url = queueUrls.get(name);
      if (url == null) {
        throw new IllegalArgumentException("no queue " + name + " in the wiring");
      }
      return url;
    }
  }

  private final BackingServices services;

  public WiringProvisioner(BackingServices services) {
    this.services = services;
  }

  public Provisioned provision(Wiring wiring) {
    Map<String, String> queueUrls = new LinkedHashMap<>();
    for (SqsQueue queue : wiring.queues()) {
      String dlqUrl = createQueue(queue.deadLetterQueueName(), Map.of());
      queueUrls.put(queue.deadLetterQueueName(), dlqUrl);
      String redrive =
          "{\"deadLetterTargetArn\":\""
              + queueArn(dlqUrl)
              + "\",\"maxReceiveCount\":\""
              + queue.maxReceiveCount()
              + "\"}";
      queueUrls.put(
          queue.name(),
          createQueue(
              queue.name(),
              Map.of(
                  QueueAttributeName.VISIBILITY_TIMEOUT,
                  String.valueOf(queue.visibilityTimeoutSeconds()),
                  QueueAttributeName.REDRIVE_POLICY,
                  redrive)));
    }
    List<NewTopic> kafkaTopics = new ArrayList<>();
    for (KafkaTopic topic : wiring.kafkaTopics()) {
      kafkaTopics.add(new NewTopic(topic.topic(), topic.partitions(), (short) 1));
      for (KafkaConsumer consumer : topic.consumers()) {
        if (!consumer.planned()) {
          queueUrls.put(consumer.dlq(), createQueue(consumer.dlq(), Map.of()));
        }
      }
    }
    createKafkaTopics(kafkaTopics);

    Map<String, String> topicArns = new LinkedHashMap<>();
    for (SnsTopic topic : wiring.topics()) {
      String topicArn = services.sns().createTopic(b -> b.name(topic.name())).topicArn();
      topicArns.put(topic.name(), topicArn);
      for (SnsSubscription subscription : topic.subscriptions()) {
        String queueArn = queueArn(queueUrls.get(subscription.queue()));
        services
            .sns()
            .subscribe(
                b ->
                    b.topicArn(topicArn)
                        .protocol("sqs")
                        .endpoint(queueArn)
                        .attributes(
                            Map.of(
                                "RawMessageDelivery",
                                String.valueOf(subscription.rawMessageDelivery()))));
      }
    }
    // Buckets are named locally as in the wiring (LocalFunctionVariables).
    for (Bucket bucket : wiring.buckets()) {
      try {
        services.s3().createBucket(b -> b.bucket(bucket.name()));
      } catch (BucketAlreadyOwnedByYouException e) {
        // Kept from an earlier run by an external server.
      }
    }
    return new Provisioned(queueUrls, topicArns);
  }

  private String createQueue(String name, Map<QueueAttributeName, String> attributes) {
    return services.sqs().createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
  }

  private String queueArn(String queueUrl) {
    return services
        .sqs()
        .getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  private void createKafkaTopics(List<NewTopic> topics) {
    var results = services.kafkaAdmin().createTopics(topics).values();
    for (var entry : results.entrySet()) {
      try {
        entry.getValue().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException(
              "could not create Kafka topic " + entry.getKey(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating Kafka topics", e);
      }
    }
  }
}
