package io.sac4cps.infra.plan;

import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.Wiring;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A {@code functions/} directory laid out for one planner test: a module and a tiny jar for every
 * function a test wiring deploys (functions in {@code withSchema} get a Flyway migration), so the
 * planner's decisions can be checked on layouts the repository does not have.
 */
public final class FunctionModulesFixture {

  private FunctionModulesFixture() {}

  public static Path create(Path dir, Wiring wiring, Set<String> withSchema) throws IOException {
    for (FunctionDefinition function : wiring.activeFunctions()) {
      Path module = Files.createDirectories(dir.resolve(function.name()));
      Files.writeString(module.resolve("pom.xml"), "<project/>");
      jar(
          Files.createDirectories(module.resolve("target"))
              .resolve(function.name() + "-lambda.jar"),
          withSchema.contains(function.name()));
    }
    return dir;
  }

  static Path jar(Path jar, boolean withMigration) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
      if (withMigration) {
        zip.putNextEntry(new ZipEntry("db/migration/V1__create.sql"));
        zip.write("create table t (id text primary key);".getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }
}
