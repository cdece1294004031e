package io.sac4cps.platform.sqs;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The SQS client and the URLs of queues by name, for everything that sends to SQS (dead letters,
 * the outbox). A URL comes from {@code sac4cps.sqs.queue-urls.<queue>} (CDK sets them); without one
 * it is looked up by name, and where {@code sac4cps.sqs.create-queues} is true (local stack, tests)
 * a missing queue is created. URLs are cached: one lookup per queue and container. The client is
 * made on first use, so a function that never sends to SQS never builds it.
 */
@Singleton
@Requires(classes = SqsClient.class)
public class SqsQueueUrls {
  private final BeanProvider<SqsClient> sqs;
  private final Environment environment;
  private final boolean createQueues;
  private final Map<String, String> urls = new ConcurrentHashMap<>();

  public SqsQueueUrls(
      BeanProvider<SqsClient> sqs,
      Environment environment,
      @Value("${sac4cps.sqs.create-queues:false}") boolean createQueues) {
    this.sqs = sqs;
    this.environment = environment;
    this.createQueues = createQueues;
  }

  public SqsClient client() {
    return sqs.get();
  }

  /** The queue's URL; throws when it is neither configured nor found (nor created). */
  public String urlOf(String queue) {
    return urls.computeIfAbsent(
        queue,
        name ->
            environment
                .getProperty("sac4cps.sqs.queue-urls." + name, String.class)
                .orElseGet(() -> lookUp(name)));
  }

  private String lookUp(String name) {
    try {
      return client().getQueueUrl(b -> b.queueName(name)).queueUrl();
    } catch (QueueDoesNotExistException e) {
      if (!createQueues) {
        throw new IllegalStateException("no SQS queue " + name, e);
      }
      return client().createQueue(b -> b.queueName(name)).queueUrl();
    }
  }
}
