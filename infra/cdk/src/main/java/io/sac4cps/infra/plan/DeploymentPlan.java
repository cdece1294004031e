package io.sac4cps.infra.plan;

import io.sac4cps.contracts.api.Operation;
import io.sac4cps.contracts.wiring.KafkaTopic;
import io.sac4cps.contracts.wiring.SnsTopic;
import io.sac4cps.contracts.wiring.SqsQueue;
import java.util.List;
import java.util.Optional;

/**
 * What the CDK app deploys: the contract's operations and wiring with everything {@code planned}
 * left out and each function resolved to its jar. {@link ContractDeploymentPlan} builds it from
 * contracts/openapi.yaml and contracts/wiring.yaml; tests may build one by hand for one construct.
 */
public record DeploymentPlan(
    List<FunctionDeployment> functions,
    List<Operation> routes,
    List<SnsTopic> topics,
    List<SqsQueue> queues,
    List<KafkaTopic> kafkaTopics) {

  public DeploymentPlan {
    functions = List.copyOf(functions);
    routes = List.copyOf(routes);
    topics = List.copyOf(topics);
    queues = List.copyOf(queues);
    kafkaTopics = List.copyOf(kafkaTopics);
  }

  public Optional<FunctionDeployment> function(String name) {
    return functions.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
