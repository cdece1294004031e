package io.sac4cps.infra.plan;

import io.sac4cps.contracts.wiring.FunctionDefinition.Jit;
import java.nio.file.Path;

/**
 * A function module to deploy: its HTTP handler, sizing and JIT setting from contracts/wiring.yaml,
 * its shaded jar and whether it owns a database schema (its jar carries Flyway migrations).
 */
public record FunctionDeployment(
    String name,
    String handler,
    int memoryMb,
    int timeoutSeconds,
    Jit jit,
    Path jar,
    boolean ownsSchema) {}
