package io.sac4cps.infra.plan;

import io.sac4cps.contracts.api.Operation;
import io.sac4cps.contracts.wiring.Bucket;
import io.sac4cps.contracts.wiring.KafkaTopic;
import io.sac4cps.contracts.wiring.SnsTopic;
import io.sac4cps.contracts.wiring.SqsQueue;
import io.sac4cps.contracts.wiring.Wiring;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the CDK app deploys: the contract's operations and wiring with everything {@code planned}
 * left out and each function resolved to its jar. {@link ContractDeploymentPlan} builds it from
 * contracts/openapi.yaml and contracts/wiring.yaml.
 *
 * @param webSite the dashboard's built files (web/target/dist), when the web module is built
 * @param wiring the wiring with the producers, consumers and bucket users of functions that are not
 *     deployed left out (topics, queues and buckets themselves stay: messages wait for a consumer
 *     that comes later)
 */
public record DeploymentPlan(
    List<FunctionDeployment> functions,
    List<Operation> routes,
    Wiring wiring,
    Optional<Path> webSite) {

  public DeploymentPlan {
    functions = List.copyOf(functions);
    routes = List.copyOf(routes);
  }

  public DeploymentPlan(List<FunctionDeployment> functions, List<Operation> routes, Wiring wiring) {
    this(functions, routes, wiring, Optional.empty());
  }

  /** The same plan, deploying the dashboard built in {@code site} (web/target/dist). */
  public DeploymentPlan withWebSite(Path site) {
    return new DeploymentPlan(functions, routes, wiring, Optional.of(site));
  }

  public Optional<FunctionDeployment> function(String name) {
    return functions.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public List<SnsTopic> topics() {
    return wiring.topics();
  }

  public List<SqsQueue> queues() {
    return wiring.queues();
  }

  public List<KafkaTopic> kafkaTopics() {
    return wiring.kafkaTopics();
  }

  public List<Bucket> buckets() {
    return wiring.buckets();
  }
}
