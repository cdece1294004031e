package io.sac4cps.infra.plan;

import java.nio.file.Path;

/**
 * A function module to deploy: its HTTP handler, sizing from contracts/wiring.yaml, its shaded jar
 * and whether it owns a database schema (its jar carries Flyway migrations).
 */
public record FunctionDeployment(
    String name, String handler, int memoryMb, int timeoutSeconds, Path jar, boolean ownsSchema) {}
