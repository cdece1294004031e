package io.sac4cps.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.embedded.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Run by two test classes: each creates the same table in "its" database. Were the database shared,
 * the second CREATE TABLE would fail and the row count would be 2.
 */
@EmbeddedInfrastructure(services = Service.POSTGRES)
abstract class DatabaseIsolationCheck {

  @Test
  void thisClassHasADatabaseOfItsOwn(Infrastructure infrastructure) throws Exception {
    PostgresDatabase database = infrastructure.database();
    assertThat(database.name()).isEqualTo(infrastructure.tag().replace('-', '_'));

    try (Connection connection =
            DriverManager.getConnection(
                database.jdbcUrl(), database.username(), database.password());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE isolation_marker (owner text)");
      statement.execute(
          "INSERT INTO isolation_marker VALUES ('" + getClass().getSimpleName() + "')");
      try (ResultSet rows = statement.executeQuery("SELECT owner FROM isolation_marker")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo(getClass().getSimpleName());
        assertThat(rows.next()).isFalse();
      }
    }
  }
}
