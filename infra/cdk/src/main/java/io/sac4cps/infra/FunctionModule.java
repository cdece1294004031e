package io.sac4cps.infra;

import io.sac4cps.infra.constructs.MicronautFunction;
import io.sac4cps.infra.plan.FunctionDeployment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.services.ec2.SecurityGroup;

/**
 * All Lambdas built from one function module's jar, by handler class: the HTTP (or authorizer)
 * handler first, then its WebSocket handler, its consumers and its outbox relay.
 *
 * @param securityGroup its Lambdas' security group; null outside a VPC
 */
record FunctionModule(
    FunctionDeployment deployment,
    SecurityGroup securityGroup,
    Map<String, MicronautFunction> lambdasByHandler) {

  FunctionModule {
    lambdasByHandler = Collections.unmodifiableMap(new LinkedHashMap<>(lambdasByHandler));
  }

  String name() {
    return deployment.name();
  }

  MicronautFunction http() {
    return lambdasByHandler.get(deployment.handler());
  }

  Optional<MicronautFunction> webSocket() {
    return deployment.definition().webSocketHandler().map(lambdasByHandler::get);
  }

  List<MicronautFunction> lambdas() {
    return List.copyOf(lambdasByHandler.values());
  }
}
