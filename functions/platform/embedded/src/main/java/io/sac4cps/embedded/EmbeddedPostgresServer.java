package io.sac4cps.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server started from the binaries that zonky ships in a jar, on a free loopback port,
 * with a throw-away data directory that {@link #close()} deletes.
 */
public final class EmbeddedPostgresServer implements PostgresServer {

  private static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts a server; takes a few seconds (initdb), so share one per JVM. */
  public static EmbeddedPostgresServer start() {
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setPort(FreePorts.next())
              // Durability buys nothing for a throw-away server; these make writes much faster.
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .start();
      return new EmbeddedPostgresServer(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public PostgresDatabase createDatabase(String name) {
    PostgresServer.requireValidName(name);
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return new PostgresDatabase(
        name, "jdbc:postgresql://127.0.0.1:" + port() + "/" + name, USER, USER);
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
