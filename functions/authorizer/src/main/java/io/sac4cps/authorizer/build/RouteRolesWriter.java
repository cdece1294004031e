package io.sac4cps.authorizer.build;

import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step (exec-maven-plugin, process-classes): writes the authorizer's route table from
 * contracts/openapi.yaml, so the jar carries the roles of every deployed secured route without
 * parsing YAML at cold start. Not part of the Lambda jar.
 */
public final class RouteRolesWriter {
  private RouteRolesWriter() {}

  public static void main(String[] args) throws IOException {
    StringBuilder table =
        new StringBuilder("# Generated from contracts/openapi.yaml by RouteRolesWriter.\n");
    for (Operation operation : ApiContract.load().activeOperations()) {
      if (operation.secured()) {
        table
            .append(operation.method())
            .append('\t')
            .append(operation.path())
            .append('\t')
            .append(String.join(",", operation.roles()))
            .append('\n');
      }
    }
    Path target = Path.of(args[0]);
    Files.createDirectories(target.getParent());
    Files.writeString(target, table);
  }
}
