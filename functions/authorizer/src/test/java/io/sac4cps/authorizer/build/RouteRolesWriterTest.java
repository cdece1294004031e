package io.sac4cps.authorizer.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.authorizer.RouteRoles;
import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorizer's route table, written from contracts/openapi.yaml at build time, holds exactly
 * the deployed secured routes with their x-roles, and reads back as the authorizer reads it.
 */
class RouteRolesWriterTest {

  @Test
  void theTableHoldsTheRolesOfEveryDeployedSecuredRouteAndNoOther(@TempDir Path directory)
      throws Exception {
    Path table = directory.resolve("io/sac4cps/authorizer/route-roles.tsv");
    RouteRolesWriter.main(new String[] {table.toString()});
    RouteRoles roles = RouteRoles.parse(Files.readString(table));

    ApiContract contract = ApiContract.load();
    // Public routes are in the contract (every route is deployed now; a planned one would be left
    // out like them).
    assertThat(contract.operations()).anyMatch(o -> !o.secured());
    for (Operation operation : contract.operations()) {
      var found = roles.forTemplate(operation.method(), operation.path());
      if (operation.planned() || !operation.secured()) {
        assertThat(found).as(operation.operationId() + " is not deployed or public").isEmpty();
      } else {
        assertThat(found).as(operation.operationId()).contains(Set.copyOf(operation.roles()));
      }
    }
    assertThat(roles.forTemplate("PUT", "/rooms/{id}/thresholds"))
        .contains(Set.of("admin", "operator"));
  }
}
