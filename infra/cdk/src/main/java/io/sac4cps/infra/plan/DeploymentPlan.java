package io.sac4cps.infra.plan;

import java.util.List;
import java.util.Optional;

/**
 * What the CDK app deploys: the contract's operations and wiring with everything {@code planned}
 * left out and each function resolved to its jar. Built by {@link ContractDeploymentPlan} from the
 * contract files; tests may build one by hand for a single construct.
 */
public record DeploymentPlan(
    List<FunctionDeployment> functions,
    List<HttpRoute> routes,
    List<TopicDeployment> topics,
    List<QueueDeployment> queues,
    List<KafkaTopicDeployment> kafkaTopics) {

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
