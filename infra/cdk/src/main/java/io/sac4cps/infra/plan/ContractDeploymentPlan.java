package io.sac4cps.infra.plan;

import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import io.sac4cps.contracts.wiring.Bucket;
import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.KafkaTopic;
import io.sac4cps.contracts.wiring.SnsTopic;
import io.sac4cps.contracts.wiring.SqsQueue;
import io.sac4cps.contracts.wiring.Wiring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * Builds the {@link DeploymentPlan} from the contract files and the function modules on disk.
 *
 * <p>A function is deployed when wiring.yaml does not mark it planned; its module must then exist
 * as {@code functions/<name>} with its shaded jar {@code target/<name>-lambda.jar} built, or the
 * plan fails and says which. An operation whose {@code x-function} is neither such a function nor
 * {@code gateway} fails the plan unless it is {@code x-status: planned}. Producers and consumers of
 * planned functions are left out of the wiring; topics and queues are always created, so messages
 * wait for a consumer that comes later.
 */
public final class ContractDeploymentPlan {

  /** Where Flyway migrations sit inside a function jar; having any means owning a schema. */
  static final String MIGRATIONS = "db/migration/";

  private ContractDeploymentPlan() {}

  /**
   * @param repository the repository root (holds contracts/, functions/ and web/; the dashboard is
   *     deployed when web/target/dist is built)
   */
  public static DeploymentPlan load(Path repository) {
    DeploymentPlan plan =
        of(
            ApiContract.load(repository.resolve("contracts/openapi.yaml")),
            Wiring.load(repository.resolve("contracts/wiring.yaml")),
            repository.resolve("functions"));
    Path site = repository.resolve("web/target/dist");
    return Files.isRegularFile(site.resolve("index.html")) ? plan.withWebSite(site) : plan;
  }

  public static DeploymentPlan of(ApiContract contract, Wiring wiring, Path functionsDir) {
    List<String> problems = new ArrayList<>();
    List<FunctionDeployment> functions = new ArrayList<>();
    for (FunctionDefinition function : wiring.activeFunctions()) {
      Path module = functionsDir.resolve(function.name());
      Path jar = module.resolve("target").resolve(function.name() + "-lambda.jar");
      if (!Files.isRegularFile(module.resolve("pom.xml"))) {
        problems.add(
            "function "
                + function.name()
                + " is not planned in wiring.yaml but has no module "
                + module
                + " (mark it `status: planned`)");
      } else if (!Files.isRegularFile(jar)) {
        problems.add(
            "function "
                + function.name()
                + ": "
                + jar
                + " is missing; build it first (./mvnw package -pl functions/"
                + function.name()
                + " -am)");
      } else if (carriesMigrations(jar) != function.ownsSchema()) {
        problems.add(
            "function "
                + function.name()
                + (function.ownsSchema()
                    ? " owns a schema in wiring.yaml but its jar carries no migrations under "
                    : " has `schema: false` in wiring.yaml but its jar carries migrations under ")
                + MIGRATIONS);
      } else {
        functions.add(new FunctionDeployment(function, jar, function.ownsSchema()));
      }
    }
    Set<String> deployed =
        wiring.activeFunctions().stream().map(FunctionDefinition::name).collect(Collectors.toSet());

    List<Operation> routes = new ArrayList<>();
    for (Operation operation : contract.activeOperations()) {
      if (operation.function().equals(Operation.GATEWAY)
          || deployed.contains(operation.function())) {
        routes.add(operation);
      } else {
        problems.add(
            operation.method()
                + " "
                + operation.path()
                + " ("
                + operation.operationId()
                + "): x-function '"
                + operation.function()
                + "' is not a deployed function; mark the operation `x-status: planned`");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "The contract cannot be deployed:\n  - " + String.join("\n  - ", problems));
    }

    List<SnsTopic> topics =
        wiring.topics().stream()
            .map(
                t ->
                    new SnsTopic(
                        t.name(), onlyDeployed(t.producers(), deployed), t.subscriptions()))
            .toList();
    List<SqsQueue> queues =
        wiring.queues().stream()
            .map(
                q ->
                    new SqsQueue(
                        q.name(),
                        onlyDeployed(q.producers(), deployed),
                        q.consumer().filter(c -> !c.planned() && deployed.contains(c.function())),
                        q.batchSize(),
                        q.visibilityTimeoutSeconds(),
                        q.maxReceiveCount()))
            .toList();
    List<Bucket> buckets =
        wiring.buckets().stream()
            .map(b -> new Bucket(b.name(), onlyDeployed(b.users(), deployed), b.expireAfterDays()))
            .toList();
    List<KafkaTopic> kafkaTopics =
        wiring.kafkaTopics().stream()
            .map(
                t ->
                    new KafkaTopic(
                        t.topic(),
                        t.partitions(),
                        t.key(),
                        onlyDeployed(t.producers(), deployed),
                        t.consumers().stream()
                            .filter(c -> !c.planned() && deployed.contains(c.function()))
                            .toList()))
            .toList();
    return new DeploymentPlan(
        functions,
        routes,
        new Wiring(
            wiring.functions(),
            topics,
            queues,
            kafkaTopics,
            buckets,
            wiring.taskKinds().stream()
                .filter(k -> !k.planned() && deployed.contains(k.owner()))
                .toList(),
            wiring.outboxRelayHandler()));
  }

  private static List<String> onlyDeployed(List<String> functions, Set<String> deployed) {
    return functions.stream().filter(deployed::contains).toList();
  }

  private static boolean carriesMigrations(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream()
          .anyMatch(e -> e.getName().startsWith(MIGRATIONS) && e.getName().endsWith(".sql"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }
}
