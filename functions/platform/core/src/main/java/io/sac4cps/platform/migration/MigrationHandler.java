package io.sac4cps.platform.migration;

import io.micronaut.flyway.FlywayConfigurationProperties;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Migrates the function's schema. In AWS, CDK runs this handler (same jar as the function) once per
 * deploy as a Trigger, and the function itself starts with Flyway disabled, so cold starts never
 * migrate. Locally and in tests Flyway runs at startup instead.
 */
public class MigrationHandler extends MicronautRequestHandler<Map<String, Object>, String> {

  @Inject DataSource dataSource;

  @Inject
  @Named("default")
  FlywayConfigurationProperties flyway;

  @Override
  public String execute(Map<String, Object> input) {
    MigrateResult result =
        Flyway.configure()
            .configuration(flyway.getFluentConfiguration())
            .dataSource(dataSource)
            .load()
            .migrate();
    return "migrated " + result.migrationsExecuted + " to version " + result.targetSchemaVersion;
  }
}
