package io.sac4cps.platform.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.sac4cps.contracts.wiring.SchemaRole;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.SharedServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Two functions' schemas in one database, as in Aurora, each migrated by the real migration step
 * (admin connection, then as the function's role): each role reaches its own tables and is refused,
 * by PostgreSQL itself, on the other's (decision 0050).
 */
@EmbeddedInfrastructure(services = Service.POSTGRES)
class SchemaRoleIsolationIT {

  /** SQLSTATE insufficient_privilege. */
  private static final String REFUSED = "42501";

  @Test
  void aFunctionsRoleIsRefusedOnAnotherFunctionsTables() throws SQLException {
    PostgresDatabase admin = newDatabase("isolation");
    String alpha = "alpha_" + suffix();
    String beta = "beta_" + suffix();
    assertThat(migrate(admin, alpha)).endsWith(" as " + alpha);
    migrate(admin, beta);

    try (Connection connection = connectAs(admin, alpha);
        Statement statement = connection.createStatement()) {
      // Its own schema: read, write, create.
      statement.execute("INSERT INTO " + alpha + ".tally VALUES ('t1', 1, 1)");
      assertThat(count(statement, "SELECT count(*) FROM " + alpha + ".tally")).isEqualTo(1);
      statement.execute(
          "INSERT INTO outbox (destination_kind, destination, message_count, messages)"
              + " VALUES ('sns', 'alerts', 1, '\\x00'::bytea)");
      statement.execute("CREATE TABLE " + alpha + ".scratch (id int)");

      // The other's: refused, whatever the statement.
      for (String sql :
          List.of(
              "SELECT count(*) FROM " + beta + ".tally",
              "INSERT INTO "
                  + beta
                  + ".outbox (destination_kind, destination, message_count,"
                  + " messages) VALUES ('sns', 'alerts', 1, '\\x00'::bytea)",
              "DELETE FROM " + beta + ".processed_event",
              "CREATE TABLE " + beta + ".intruder (id int)",
              "SET ROLE " + beta)) {
        assertThatThrownBy(() -> statement.execute(sql))
            .as(sql)
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(REFUSED));
      }
    }
    assertThat(ownersOf(admin, alpha)).containsOnly(alpha);
    assertThat(ownersOf(admin, beta)).containsOnly(beta);
  }

  @Test
  void aSchemaMigratedByTheAdminBeforeRolesIsHandedToItsRole() throws SQLException {
    PostgresDatabase admin = newDatabase("handover");
    String legacy = "legacy_" + suffix();
    String other = "other_" + suffix();
    // As every deployed schema was: migrated as the admin, which owns every table.
    Flyway.configure()
        .dataSource(admin.jdbcUrl(), admin.username(), admin.password())
        .schemas(legacy)
        .locations("classpath:db/migration", "classpath:db/platform")
        .load()
        .migrate();
    try (Connection connection = connectAs(admin, admin.username());
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO " + legacy + ".tally VALUES ('t1', 3, 1)");
    }

    migrate(admin, legacy);
    migrate(admin, other);

    assertThat(ownersOf(admin, legacy)).containsOnly(legacy);
    try (Connection connection = connectAs(admin, legacy);
        Statement statement = connection.createStatement()) {
      assertThat(count(statement, "SELECT total FROM " + legacy + ".tally")).isEqualTo(3);
    }
    try (Connection connection = connectAs(admin, other);
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute("SELECT * FROM " + legacy + ".tally"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(REFUSED));
    }
  }

  /** The migration step as CDK runs it: connected as the admin, Flyway not run at startup. */
  private static String migrate(PostgresDatabase admin, String schema) {
    MigrationHandler handler =
        new MigrationHandler(
            ApplicationContext.builder()
                .properties(
                    Map.of(
                        "datasources.default.url",
                        admin.jdbcUrl() + "?currentSchema=" + schema,
                        "datasources.default.username",
                        admin.username(),
                        "datasources.default.password",
                        admin.password(),
                        "flyway.datasources.default.enabled",
                        false,
                        "flyway.datasources.default.schemas",
                        schema,
                        "flyway.datasources.default.default-schema",
                        schema)));
    try {
      return handler.execute(Map.of());
    } finally {
      handler.close();
    }
  }

  private static PostgresDatabase newDatabase(String base) {
    return SharedServers.postgres().createDatabase(base + "_" + suffix());
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static Connection connectAs(PostgresDatabase database, String role) throws SQLException {
    String password =
        role.equals(database.username())
            ? database.password()
            : new SchemaRole(role).localPassword();
    return DriverManager.getConnection(
        database.jdbcUrl() + "?currentSchema=" + role, role, password);
  }

  private static long count(Statement statement, String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The owners of the schema and of every table and sequence in it. */
  private static List<String> ownersOf(PostgresDatabase admin, String schema) throws SQLException {
    List<String> owners = new ArrayList<>();
    try (Connection connection = connectAs(admin, admin.username());
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = '"
                    + schema
                    + "' UNION ALL SELECT pg_get_userbyid(c.relowner) FROM pg_class c JOIN"
                    + " pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '"
                    + schema
                    + "' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')")) {
      while (rs.next()) {
        owners.add(rs.getString(1));
      }
    }
    assertThat(owners).hasSizeGreaterThan(3);
    return owners;
  }
}
