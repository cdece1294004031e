package io.sac4cps.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerIT {

  private static EmbeddedPostgresServer server;

  @BeforeAll
  static void start() {
    server = EmbeddedPostgresServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void createdDatabaseStoresAndReturnsRows() throws Exception {
    PostgresDatabase database = server.createDatabase("readings_it");

    try (Connection connection =
            DriverManager.getConnection(
                database.jdbcUrl(), database.username(), database.password());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE reading (sensor_id text, value numeric)");
      statement.execute("INSERT INTO reading VALUES ('s-1', 21.5)");
      try (ResultSet rows =
          statement.executeQuery("SELECT current_database(), sensor_id, value FROM reading")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("readings_it");
        assertThat(rows.getString(2)).isEqualTo("s-1");
        assertThat(rows.getBigDecimal(3)).isEqualByComparingTo("21.5");
      }
    }
  }

  @Test
  void databasesAreSeparate() throws Exception {
    PostgresDatabase first = server.createDatabase("first_it");
    PostgresDatabase second = server.createDatabase("second_it");
    try (Connection connection =
            DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE only_in_first (id int)");
    }
    try (Connection connection =
            DriverManager.getConnection(second.jdbcUrl(), second.username(), second.password());
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'")) {
      rows.next();
      assertThat(rows.getInt(1)).isZero();
    }
  }

  @Test
  void refusesNamesThatWouldNeedQuoting() {
    assertThatThrownBy(() -> server.createDatabase("Robert'); DROP"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void externalServerFromTheEnvironmentCreatesAndDropsDatabases() throws Exception {
    // The embedded server plays the external one, as the machine's own cluster would.
    Map<String, String> environment =
        Map.of(
            PostgresServer.URL_VARIABLE,
            "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres",
            PostgresServer.USER_VARIABLE,
            "postgres");
    PostgresDatabase database;
    try (PostgresServer external = PostgresServer.startOrConnect(environment)) {
      assertThat(external).isNotInstanceOf(EmbeddedPostgresServer.class);
      database = external.createDatabase("external_it");
      try (Connection connection =
              DriverManager.getConnection(
                  database.jdbcUrl(), database.username(), database.password());
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT current_database()")) {
        rows.next();
        assertThat(rows.getString(1)).isEqualTo("external_it");
      }
    }

    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres", "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_database WHERE datname = 'external_it'")) {
      rows.next();
      assertThat(rows.getInt(1)).as("dropped on close").isZero();
    }
  }
}
