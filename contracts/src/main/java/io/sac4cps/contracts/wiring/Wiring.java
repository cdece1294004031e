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
 * subscriptions, SQS queues, Kafka topics with their consumers, buckets and the outbox relay's
 * handler. CDK and the docker-free local stack both build from it. Loading checks that every
 * reference (subscription queue, consumer function, producer, bucket user) exists and that each
 * role is played once, so a typo fails the build, not a deployment.
 *
 * @param outboxRelayHandler the scheduled handler every producer's jar carries that drains its
 *     outbox (docs/decisions/0007); required once any function produces events
 */
public record Wiring(
    List<FunctionDefinition> functions,
    List<SnsTopic> topics,
    List<SqsQueue> queues,
    List<KafkaTopic> kafkaTopics,
    List<Bucket> buckets,
    List<TaskKind> taskKinds,
    Optional<String> outboxRelayHandler) {

  /** Where the contracts jar carries the file. */
  public static final String CLASSPATH_LOCATION = "contracts/wiring.yaml";

  public Wiring {
    functions = List.copyOf(functions);
    topics = List.copyOf(topics);
    queues = List.copyOf(queues);
    kafkaTopics = List.copyOf(kafkaTopics);
    buckets = List.copyOf(buckets);
    taskKinds = List.copyOf(taskKinds);
    checkReferences(functions, topics, queues, kafkaTopics, buckets, outboxRelayHandler);
    checkTaskKinds(taskKinds, functions, queues);
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
        root.get("kafka").items().stream().map(Wiring::kafkaTopic).toList(),
        root.get("buckets").items().stream().map(Wiring::bucket).toList(),
        root.get("taskKinds").items().stream().map(Wiring::taskKind).toList(),
        root.get("outboxRelay").get("handler").optionalString());
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

  /** The queue whose consumer is {@code handlerClass}; a consumer knows its queue from this. */
  public SqsQueue queueConsumedBy(String handlerClass) {
    return queues.stream()
        .filter(q -> q.consumer().filter(c -> c.handler().equals(handlerClass)).isPresent())
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidContractException(
                    "no queue in wiring.yaml is consumed by " + handlerClass));
  }

  public Optional<KafkaTopic> kafkaTopic(String topic) {
    return kafkaTopics.stream().filter(t -> t.topic().equals(topic)).findFirst();
  }

  public Optional<Bucket> bucket(String name) {
    return buckets.stream().filter(b -> b.name().equals(name)).findFirst();
  }

  public Optional<TaskKind> taskKind(String kind) {
    return taskKinds.stream().filter(k -> k.kind().equals(kind)).findFirst();
  }

  /** The task kinds {@code function} runs. */
  public List<TaskKind> taskKindsOwnedBy(String function) {
    return taskKinds.stream().filter(k -> k.owner().equals(function)).toList();
  }

  /** The function that signs tokens ({@code role: token-issuer}), if the wiring has one. */
  public Optional<FunctionDefinition> tokenIssuer() {
    return withRole(FunctionDefinition.Role.TOKEN_ISSUER);
  }

  /** API Gateway's REQUEST authorizer ({@code role: authorizer}), if the wiring has one. */
  public Optional<FunctionDefinition> authorizer() {
    return withRole(FunctionDefinition.Role.AUTHORIZER);
  }

  /** The function behind the WebSocket API (it has a {@code websocket.handler}), if any. */
  public Optional<FunctionDefinition> webSocketFunction() {
    return functions.stream().filter(f -> f.webSocketHandler().isPresent()).findFirst();
  }

  /** The Kafka consumer whose handler class is {@code handler}, with its topic. */
  public Optional<KafkaSubscription> kafkaConsumer(String handler) {
    return kafkaTopics.stream()
        .flatMap(
            t ->
                t.consumers().stream()
                    .filter(c -> c.handler().equals(handler))
                    .map(c -> new KafkaSubscription(t, c)))
        .findFirst();
  }

  /** A Kafka consumer and the topic it reads. */
  public record KafkaSubscription(KafkaTopic topic, KafkaConsumer consumer) {}

  /**
   * Whether {@code function} writes events to its outbox: it produces to an SNS topic, a Kafka
   * topic or an SQS queue. Such a function's outbox is drained by {@link #outboxRelayHandler}.
   */
  public boolean producesEvents(String function) {
    return topics.stream().anyMatch(t -> t.producers().contains(function))
        || kafkaTopics.stream().anyMatch(t -> t.producers().contains(function))
        || queues.stream().anyMatch(q -> q.producers().contains(function));
  }

  /** Whether {@code function} consumes a Kafka topic or an SQS queue through an event source. */
  public boolean consumesEvents(String function) {
    return kafkaTopics.stream()
            .flatMap(t -> t.consumers().stream())
            .anyMatch(c -> c.function().equals(function))
        || queues.stream()
            .flatMap(q -> q.consumer().stream())
            .anyMatch(c -> c.function().equals(function));
  }

  /**
   * Whether {@code function}'s scheduled {@link #outboxRelayHandler} runs: it owns a schema and has
   * an outbox to drain ({@link #producesEvents}) or, as a consumer, processed-event ids to expire
   * (the same tick purges them, docs/decisions/0012).
   */
  public boolean runsOutboxRelay(String function) {
    return function(function).map(FunctionDefinition::ownsSchema).orElse(false)
        && (producesEvents(function) || consumesEvents(function));
  }

  private Optional<FunctionDefinition> withRole(FunctionDefinition.Role role) {
    return functions.stream().filter(f -> f.role() == role).findFirst();
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
        planned(node),
        node.get("role")
            .optionalString()
            .map(r -> FunctionDefinition.Role.parse(r, node.location()))
            .orElse(FunctionDefinition.Role.SERVICE),
        node.get("schema").bool(true),
        node.get("websocket").get("handler").optionalString(),
        node.get("reservedConcurrency").isMissing()
            ? Optional.empty()
            : Optional.of(node.get("reservedConcurrency").integer()));
  }

  private static Bucket bucket(YamlNode node) {
    return new Bucket(
        node.required("name").string(),
        node.get("users").strings(),
        node.required("expireAfterDays").integer());
  }

  private static TaskKind taskKind(YamlNode node) {
    return new TaskKind(
        node.required("kind").string(),
        node.required("owner").string(),
        node.required("queue").string(),
        node.required("maxAttempts").integer(),
        node.required("progressTimeoutSeconds").integer(),
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
        node.get("producers").strings(),
        consumer.isMissing()
            ? Optional.empty()
            : Optional.of(
                new QueueConsumer(
                    consumer.required("function").string(),
                    consumer.required("handler").string(),
                    planned(consumer),
                    optionalInteger(consumer.get("maxConcurrency")),
                    optionalInteger(consumer.get("timeoutSeconds")))),
        node.required("batchSize").integer(),
        node.required("visibilityTimeoutSeconds").integer(),
        node.required("maxReceiveCount").integer());
  }

  private static Optional<Integer> optionalInteger(YamlNode node) {
    return node.isMissing() ? Optional.empty() : Optional.of(node.integer());
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
                        c.required("name").string(),
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
      List<KafkaTopic> kafkaTopics,
      List<Bucket> buckets,
      Optional<String> outboxRelayHandler) {
    List<String> problems = new ArrayList<>();
    Set<String> functionNames = unique(functions, FunctionDefinition::name, "function", problems);
    Set<String> queueNames = unique(queues, SqsQueue::name, "queue", problems);
    unique(topics, SnsTopic::name, "SNS topic", problems);
    unique(kafkaTopics, KafkaTopic::topic, "Kafka topic", problems);
    unique(buckets, Bucket::name, "bucket", problems);
    unique(
        kafkaTopics.stream().flatMap(t -> t.consumers().stream()).toList(),
        KafkaConsumer::name,
        "Kafka consumer name",
        problems);
    for (FunctionDefinition.Role role :
        List.of(FunctionDefinition.Role.TOKEN_ISSUER, FunctionDefinition.Role.AUTHORIZER)) {
      List<String> playing =
          functions.stream().filter(f -> f.role() == role).map(FunctionDefinition::name).toList();
      if (playing.size() > 1) {
        problems.add("more than one function has role " + role + ": " + playing);
      }
    }
    List<String> webSocketFunctions =
        functions.stream()
            .filter(f -> f.webSocketHandler().isPresent())
            .map(FunctionDefinition::name)
            .toList();
    if (webSocketFunctions.size() > 1) {
      problems.add("only one function may serve the WebSocket API: " + webSocketFunctions);
    }
    for (SnsTopic topic : topics) {
      topic.producers().stream()
          .filter(p -> !functionNames.contains(p))
          .forEach(p -> problems.add("SNS topic " + topic.name() + ": unknown producer " + p));
      topic.subscriptions().stream()
          .filter(s -> !queueNames.contains(s.queue()))
          .forEach(s -> problems.add("SNS topic " + topic.name() + ": unknown queue " + s.queue()));
    }
    for (SqsQueue queue : queues) {
      queue.producers().stream()
          .filter(p -> !functionNames.contains(p))
          .forEach(p -> problems.add("queue " + queue.name() + ": unknown producer " + p));
      queue
          .consumer()
          .filter(c -> !functionNames.contains(c.function()))
          .ifPresent(
              c -> problems.add("queue " + queue.name() + ": unknown function " + c.function()));
      // A message whose visibility ends while its consumer still runs is handed out twice.
      queue
          .consumer()
          .ifPresent(
              c ->
                  functions.stream()
                      .filter(f -> f.name().equals(c.function()))
                      .map(c::timeoutSeconds)
                      .filter(timeout -> queue.visibilityTimeoutSeconds() < timeout)
                      .forEach(
                          timeout ->
                              problems.add(
                                  "queue "
                                      + queue.name()
                                      + ": visibilityTimeoutSeconds ("
                                      + queue.visibilityTimeoutSeconds()
                                      + ") must be at least its consumer's timeout ("
                                      + timeout
                                      + ")")));
    }
    for (KafkaTopic topic : kafkaTopics) {
      Stream.concat(
              topic.producers().stream(), topic.consumers().stream().map(KafkaConsumer::function))
          .filter(f -> !functionNames.contains(f))
          .forEach(f -> problems.add("Kafka topic " + topic.topic() + ": unknown function " + f));
    }
    for (Bucket bucket : buckets) {
      bucket.users().stream()
          .filter(u -> !functionNames.contains(u))
          .forEach(u -> problems.add("bucket " + bucket.name() + ": unknown user " + u));
    }
    boolean anyProducer =
        topics.stream().anyMatch(t -> !t.producers().isEmpty())
            || kafkaTopics.stream().anyMatch(t -> !t.producers().isEmpty())
            || queues.stream().anyMatch(q -> !q.producers().isEmpty());
    if (anyProducer && outboxRelayHandler.isEmpty()) {
      problems.add("functions produce events but outboxRelay.handler is not given");
    }
    if (!problems.isEmpty()) {
      throw new InvalidContractException("wiring.yaml is inconsistent: " + problems);
    }
  }

  private static void checkTaskKinds(
      List<TaskKind> kinds, List<FunctionDefinition> functions, List<SqsQueue> queues) {
    List<String> problems = new ArrayList<>();
    unique(kinds, TaskKind::kind, "task kind", problems);
    for (TaskKind kind : kinds) {
      String where = "task kind " + kind.kind() + ": ";
      if (functions.stream().noneMatch(f -> f.name().equals(kind.owner()))) {
        problems.add(where + "unknown owner " + kind.owner());
      }
      Optional<SqsQueue> queue =
          queues.stream().filter(q -> q.name().equals(kind.queue())).findFirst();
      if (queue.isEmpty()) {
        problems.add(where + "unknown queue " + kind.queue());
      } else if (queue.get().consumer().map(c -> !c.function().equals(kind.owner())).orElse(true)) {
        problems.add(where + "queue " + kind.queue() + " is not consumed by " + kind.owner());
      }
      if (kind.maxAttempts() < 1 || kind.progressTimeoutSeconds() < 1) {
        problems.add(where + "maxAttempts and progressTimeoutSeconds must be positive");
      }
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
