package io.sac4cps.platform.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.SharedServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The platform's migrations as a function meets them: on a new database before the function's own,
 * and on a database made before they were versioned (the repeatable R__platform_tables and the
 * function's V1 applied, outbox rows waiting), which they move forward without losing a row.
 */
@EmbeddedInfrastructure(services = Service.POSTGRES)
class PlatformMigrationsIT {

  @Test
  void aNewDatabaseGetsThePlatformTablesFirst(Infrastructure infrastructure) throws SQLException {
    PostgresDatabase database = infrastructure.database();
    try (ApplicationContext context = start(database)) {
      context.getBean(DataSource.class);
    }

    assertThat(appliedVersions(database)).containsExactly("0.1", "0.2", "0.3", "0.4", "0.5", "1");
    assertAcceptsSqsAndOnlyKnownKinds(database);
  }

  @Test
  void aDatabaseFromBeforeMovesForwardWithItsRows() throws SQLException {
    PostgresDatabase database =
        SharedServers.postgres()
            .createDatabase("legacy_" + UUID.randomUUID().toString().substring(0, 8));
    // As every function's database was until now: its V1 and the repeatable platform tables.
    Flyway.configure()
        .dataSource(database.jdbcUrl(), database.username(), database.password())
        .locations("classpath:db/migration", "classpath:db/legacy-platform")
        .load()
        .migrate();
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO outbox (destination_kind, destination, message_count, messages)"
              + " VALUES ('sns', 'alerts', 1, '\\x00'::bytea)");
    }

    try (ApplicationContext context = start(database)) {
      context.getBean(DataSource.class);
    }

    assertThat(appliedVersions(database)).containsExactly("1", "0.1", "0.2", "0.3", "0.4", "0.5");
    assertThat(count(database, "SELECT count(*) FROM outbox WHERE destination = 'alerts'"))
        .isEqualTo(1);
    assertAcceptsSqsAndOnlyKnownKinds(database);

    // And the next start finds nothing to do and nothing to complain about.
    try (ApplicationContext context = start(database)) {
      context.getBean(DataSource.class);
    }
    assertThat(appliedVersions(database)).containsExactly("1", "0.1", "0.2", "0.3", "0.4", "0.5");
  }

  private static ApplicationContext start(PostgresDatabase database) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("datasources.default.url", database.jdbcUrl());
    properties.put("datasources.default.username", database.username());
    properties.put("datasources.default.password", database.password());
    properties.put("flyway.datasources.default.enabled", true);
    return ApplicationContext.run(properties);
  }

  private static void assertAcceptsSqsAndOnlyKnownKinds(PostgresDatabase database)
      throws SQLException {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO outbox (destination_kind, destination, message_count, messages)"
              + " VALUES ('sqs', 'tasks-work', 1, '\\x00'::bytea)");
      assertThatThrownBy(
              () ->
                  statement.execute(
                      "INSERT INTO outbox (destination_kind, destination, message_count, messages)"
                          + " VALUES ('smtp', 'x', 1, '\\x00'::bytea)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("outbox_destination_kind_check");
    }
  }

  /** Successful versioned migrations in the order they were applied. */
  private static List<String> appliedVersions(PostgresDatabase database) throws SQLException {
    List<String> versions = new ArrayList<>();
    try (Connection connection = connect(database);
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL AND success"
                    + " ORDER BY installed_rank");
        ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        versions.add(rs.getString(1));
      }
    }
    return versions;
  }

  private static long count(PostgresDatabase database, String sql) throws SQLException {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Connection connect(PostgresDatabase database) throws SQLException {
    return DriverManager.getConnection(
        database.jdbcUrl(), database.username(), database.password());
  }
}
