package io.sac4cps.infra.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Every jar CDK deploys carries SnapStart's runtime hooks (decision 0022): the CRaC API Lambda's
 * runtime calls, the platform's hooks, and the function's own primer; a Micronaut function also the
 * bean definition that registers the hooks when its context starts.
 */
class SnapshotHooksInJarsTest {
  private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

  @Test
  void everyDeployedJarCarriesTheHooksAndItsFunctionsPrimer() throws Exception {
    List<FunctionDeployment> functions = ContractDeploymentPlan.load(REPOSITORY).functions();
    assertThat(functions).isNotEmpty();
    for (FunctionDeployment function : functions) {
      try (ZipFile jar = new ZipFile(function.jar().toFile())) {
        List<String> entries = jar.stream().map(ZipEntry::getName).toList();
        assertThat(entries)
            .as(function.jar().toString())
            .contains(
                "org/crac/Core.class",
                "org/crac/Resource.class",
                "io/sac4cps/platform/snapshot/SnapshotHooks.class")
            .anyMatch(
                name ->
                    name.startsWith("io/sac4cps/" + function.name() + "/")
                        && name.endsWith("Primer.class"));
        if (function.handler().startsWith("io.micronaut.")) {
          assertThat(entries)
              .as(function.jar() + ": Micronaut registers the hooks and the primer as beans")
              .contains("io/sac4cps/platform/priming/$FunctionSnapshotHooks$Definition.class")
              .anyMatch(
                  name ->
                      name.startsWith("io/sac4cps/" + function.name() + "/")
                          && name.endsWith("Primer$Definition.class"));
        }
      }
    }
  }
}
