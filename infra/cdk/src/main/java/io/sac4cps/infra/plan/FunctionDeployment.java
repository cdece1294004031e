package io.sac4cps.infra.plan;

import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.FunctionDefinition.Jit;
import java.nio.file.Path;

/**
 * A function module to deploy: its entry in contracts/wiring.yaml (handlers, sizing, JIT setting,
 * role), its shaded jar and whether it owns a database schema (its jar carries Flyway migrations).
 */
public record FunctionDeployment(FunctionDefinition definition, Path jar, boolean ownsSchema) {

  public String name() {
    return definition.name();
  }

  /** The HTTP (or authorizer) handler. */
  public String handler() {
    return definition.handler();
  }

  public int memoryMb() {
    return definition.memoryMb();
  }

  public int timeoutSeconds() {
    return definition.timeoutSeconds();
  }

  public Jit jit() {
    return definition.jit();
  }
}
