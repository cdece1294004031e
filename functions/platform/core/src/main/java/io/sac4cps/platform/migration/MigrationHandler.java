package io.sac4cps.platform.migration;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.flyway.FlywayConfigurationProperties;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.sac4cps.contracts.wiring.SchemaRole;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Migrates the function's schema. In AWS, CDK runs this handler (same jar as the function) once per
 * deploy as a Trigger, connected as the admin, and the function itself starts with Flyway disabled,
 * so cold starts never migrate. The admin first provisions the function's {@link SchemaRole}, then
 * migrates as that role, so every table belongs to it and the function, connected as the role,
 * reaches nothing else (decision 0050). Locally and in tests Flyway runs at startup instead, as the
 * role the test kit or local stack provisioned.
 */
public class MigrationHandler extends MicronautRequestHandler<Map<String, Object>, String> {

  @Inject DataSource dataSource;

  public MigrationHandler() {}

  /** With a context of the caller's configuration (tests). */
  public MigrationHandler(ApplicationContextBuilder context) {
    super(context);
  }

  @Inject
  @Named("default")
  FlywayConfigurationProperties flyway;

  @Override
  public String execute(Map<String, Object> input) {
    FluentConfiguration configuration = flyway.getFluentConfiguration();
    if (configuration.getSchemas().length != 1) {
      throw new IllegalStateException(
          "a function migrates exactly one schema, its own; configured: "
              + String.join(", ", configuration.getSchemas()));
    }
    SchemaRole role = new SchemaRole(configuration.getSchemas()[0]);
    // The pool itself: micronaut-data's proxy hands out only a transaction's connection.
    DataSource pool = DelegatingDataSource.unwrapDataSource(dataSource);
    provision(pool, role);
    MigrateResult result =
        Flyway.configure()
            .configuration(configuration)
            .dataSource(pool)
            .initSql(role.assume())
            .load()
            .migrate();
    return "migrated "
        + result.migrationsExecuted
        + " to version "
        + result.targetSchemaVersion
        + " as "
        + role.role();
  }

  private static void provision(DataSource pool, SchemaRole role) {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      for (String sql : role.provisioning(connection.getCatalog(), Optional.empty())) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not provision role " + role.role(), e);
    }
  }
}
