package io.sac4cps.contracts.wiring;

import io.sac4cps.contracts.InvalidContractException;
import io.sac4cps.contracts.internal.ContractResources;
import io.sac4cps.contracts.internal.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The asynchronous wiring of {@code contracts/wiring.yaml}: functions, SNS topics and their
 * subscriptions, SQS queues and Kafka topics with their consumers. CDK and the docker-free local
 * stack both build from it. Loading checks that every reference (subscription queue, consumer
 * function, producer) exists, so a typo fails the build, not a deployment.
 */
public record Wiring(
    List<FunctionDefinition> functions,
    List<SnsTopic> topics,
    List<SqsQueue> queues,
    List<KafkaTopic> kafkaTopics) {

  /** Where the contracts jar carries the file. */
  public static final String CLASSPATH_LOCATION = "contracts/wiring.yaml";

  public Wiring {
    functions = List.copyOf(functions);
    topics = List.copyOf(topics);
    queues = List.copyOf(queues);
    kafkaTopics = List.copyOf(kafkaTopics);
    checkReferences(functions, topics, queues, kafkaTopics);
  }

  public static Wiring load() {
    return parse(ContractResources.readClasspath(CLASSPATH_LOCATION));
  }

  public static Wiring load(Path file) {
    return parse(ContractResources.read(file));
  }

  public static Wiring parse(String yaml) {
    YamlNode root =
        YamlNode.root(ContractResources.parseYamlMapping(yaml, "wiring"), "wiring.yaml");
    return new Wiring(
        root.get("functions").items().stream().map(Wiring::function).toList(),
        root.get("topics").items().stream().map(Wiring::topic).toList(),
        root.get("queues").items().stream().map(Wiring::queue).toList(),
        root.get("kafka").items().stream().map(Wiring::kafkaTopic).toList());
  }

  public Optional<FunctionDefinition> function(String name) {
    return functions.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public Optional<SnsTopic> topic(String name) {
    return topics.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public Optional<SqsQueue> queue(String name) {
    return queues.stream().filter(q -> q.name().equals(name)).findFirst();
  }

  public Optional<KafkaTopic> kafkaTopic(String topic) {
    return kafkaTopics.stream().filter(t -> t.topic().equals(topic)).findFirst();
  }

  /** Functions whose module exists; the ones to deploy and run. */
  public List<FunctionDefinition> activeFunctions() {
    return functions.stream().filter(f -> !f.planned()).toList();
  }

  /**
   * Every SQS queue to create: the declared queues, their DLQs and the Kafka consumers' DLQs, in a
   * stable order.
   */
  public Set<String> allQueueNames() {
    Set<String> names = new LinkedHashSet<>();
    for (SqsQueue queue : queues) {
      names.add(queue.name());
      names.add(queue.deadLetterQueueName());
    }
    kafkaTopics.forEach(t -> t.consumers().forEach(c -> names.add(c.dlq())));
    return names;
  }

  private static FunctionDefinition function(YamlNode node) {
    return new FunctionDefinition(
        node.required("name").string(),
        node.required("handler").string(),
        node.required("memoryMb").integer(),
        node.required("timeoutSeconds").integer(),
        FunctionDefinition.Jit.parse(
            node.get("jit").optionalString().orElse("c1"), node.location()),
        planned(node));
  }

  private static SnsTopic topic(YamlNode node) {
    return new SnsTopic(
        node.required("name").string(),
        node.get("producers").strings(),
        node.get("subscriptions").items().stream()
            .map(
                s ->
                    new SnsSubscription(
                        s.required("queue").string(), s.get("rawMessageDelivery").bool(false)))
            .toList());
  }

  private static SqsQueue queue(YamlNode node) {
    YamlNode consumer = node.get("consumer");
    return new SqsQueue(
        node.required("name").string(),
        consumer.isMissing()
            ? Optional.empty()
            : Optional.of(
                new QueueConsumer(
                    consumer.required("function").string(),
                    consumer.required("handler").string(),
                    planned(consumer))),
        node.required("batchSize").integer(),
        node.required("visibilityTimeoutSeconds").integer(),
        node.required("maxReceiveCount").integer());
  }

  private static KafkaTopic kafkaTopic(YamlNode node) {
    return new KafkaTopic(
        node.required("topic").string(),
        node.required("partitions").integer(),
        node.required("key").string(),
        node.get("producers").strings(),
        node.get("consumers").items().stream()
            .map(
                c ->
                    new KafkaConsumer(
                        c.required("function").string(),
                        c.required("handler").string(),
                        c.required("batchSize").integer(),
                        c.required("dlq").string(),
                        planned(c)))
            .toList());
  }

  private static boolean planned(YamlNode node) {
    String status = node.get("status").optionalString().orElse("active");
    if (!status.equals("planned") && !status.equals("active")) {
      throw new InvalidContractException(node.location() + ".status must be planned: " + status);
    }
    return status.equals("planned");
  }

  private static void checkReferences(
      List<FunctionDefinition> functions,
      List<SnsTopic> topics,
      List<SqsQueue> queues,
      List<KafkaTopic> kafkaTopics) {
    List<String> problems = new ArrayList<>();
    Set<String> functionNames = unique(functions, FunctionDefinition::name, "function", problems);
    Set<String> queueNames = unique(queues, SqsQueue::name, "queue", problems);
    unique(topics, SnsTopic::name, "SNS topic", problems);
    unique(kafkaTopics, KafkaTopic::topic, "Kafka topic", problems);
    for (SnsTopic topic : topics) {
      topic.producers().stream()
          .filter(p -> !functionNames.contains(p))
          .forEach(p -> problems.add("SNS topic " + topic.name() + ": unknown producer " + p));
      topic.subscriptions().stream()
          .filter(s -> !queueNames.contains(s.queue()))
          .forEach(s -> problems.add("SNS topic " + topic.name() + ": unknown queue " + s.queue()));
    }
    for (SqsQueue queue : queues) {
      queue
          .consumer()
          .filter(c -> !functionNames.contains(c.function()))
          .ifPresent(
              c -> problems.add("queue " + queue.name() + ": unknown function " + c.function()));
    }
    for (KafkaTopic topic : kafkaTopics) {
      Stream.concat(
              topic.producers().stream(), topic.consumers().stream().map(KafkaConsumer::function))
          .filter(f -> !functionNames.contains(f))
          .forEach(f -> problems.add("Kafka topic " + topic.topic() + ": unknown function " + f));
    }
    if (!problems.isEmpty()) {
      throw new InvalidContractException("wiring.yaml is inconsistent: " + problems);
    }
  }

  private static <T> Set<String> unique(
      List<T> items, Function<T, String> name, String what, List<String> problems) {
    Set<String> names = new HashSet<>();
    for (T item : items) {
      if (!names.add(name.apply(item))) {
        problems.add("duplicate " + what + " " + name.apply(item));
      }
    }
    return names;
  }
}
