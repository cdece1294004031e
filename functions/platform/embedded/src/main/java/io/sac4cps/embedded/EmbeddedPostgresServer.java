package io.sac4cps.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL server started from the binaries that zonky ships in a jar, on a free loopback port:
 * with a throw-away data directory that {@link #close()} deletes, or with one kept across runs. A
 * {@link PostmasterWatchdog} stops the server when this JVM is killed, so no server outlives it;
 * should the watchdog die too, the next start stops the orphans ({@link OrphanedPostmasters}).
 */
public final class EmbeddedPostgresServer implements PostgresServer {

  private static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final PostmasterWatchdog watchdog;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, PostmasterWatchdog watchdog) {
    this.postgres = postgres;
    this.watchdog = watchdog;
  }

  /** Starts a throw-away server; takes a few seconds (initdb), so share one per JVM. */
  public static EmbeddedPostgresServer start() {
    return start(Optional.empty(), true);
  }

  /**
   * Starts a server.
   *
   * @param keptDataDirectory where the data outlives the server (created and initialised on first
   *     use, reused afterwards); empty for a throw-away directory
   * @param stopAtJvmExit whether zonky's own shutdown hook stops it; false when the owner stops it
   *     in order (a hook of its own)
   */
  public static EmbeddedPostgresServer start(
      Optional<Path> keptDataDirectory, boolean stopAtJvmExit) {
    return start(keptDataDirectory, stopAtJvmExit, FreePorts.next());
  }

  /**
   * Starts a server on {@code port}: with a kept data directory, {@link #close()} then a start on
   * the same directory and port is a database that was stopped and came back (fault tests).
   */
  public static EmbeddedPostgresServer start(
      Optional<Path> keptDataDirectory, boolean stopAtJvmExit, int port) {
    return start(keptDataDirectory, stopAtJvmExit, port, Map.of());
  }

  /**
   * A throw-away server that checks passwords over TCP ({@code password} in its {@code
   * pg_hba.conf}: the client sends it in clear, as clients do to the RDS Proxy with an IAM token);
   * only the superuser {@value #USER}, which makes the databases, is trusted.
   */
  public static EmbeddedPostgresServer startCheckingPasswords() {
    try {
      Path hba = Files.createTempFile("sac4cps-pg_hba", ".conf");
      hba.toFile().deleteOnExit();
      Files.writeString(
          hba,
          """
          local all all trust
          host all %1$s 127.0.0.1/32 trust
          host all %1$s ::1/128 trust
          host all all 127.0.0.1/32 password
          host all all ::1/128 password
          """
              .formatted(USER));
      return start(Optional.empty(), true, FreePorts.next(), Map.of("hba_file", hba.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pg_hba.conf", e);
    }
  }

  private static EmbeddedPostgresServer start(
      Optional<Path> keptDataDirectory,
      boolean stopAtJvmExit,
      int port,
      Map<String, String> serverConfig) {
    try {
      boolean throwaway = keptDataDirectory.isEmpty();
      if (throwaway) {
        OrphanedPostmasters.stopThrowaway();
      } else {
        OrphanedPostmasters.stopIfOrphaned(keptDataDirectory.get());
      }
      Path dataDirectory =
          throwaway
              ? Files.createTempDirectory(OrphanedPostmasters.THROWAWAY_PREFIX)
              : Files.createDirectories(keptDataDirectory.get());
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(throwaway)
              .setRegisterShutdownHook(stopAtJvmExit);
      if (throwaway) {
        // Durability buys nothing for a throw-away server; these make writes much faster.
        builder
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off");
      } else {
        // Kept data must survive a crash of the machine too (zonky turns fsync off by default).
        builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
      }
      serverConfig.forEach(builder::setServerConfig);
      EmbeddedPostgres postgres = builder.start();
      // pg_ctl starts the postmaster detached from this JVM; postmaster.pid names it.
      long postmasterPid =
          Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
      return new EmbeddedPostgresServer(
          postgres, PostmasterWatchdog.watch(postmasterPid, dataDirectory, throwaway));
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
    return database(name);
  }

  /** The database of that name, created if it does not exist yet (a kept data directory). */
  public PostgresDatabase createDatabaseIfAbsent(String name) {
    PostgresServer.requireValidName(name);
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      try (ResultSet rows = exists.executeQuery()) {
        if (rows.next()) {
          return database(name);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not look for database " + name, e);
    }
    return createDatabase(name);
  }

  private PostgresDatabase database(String name) {
    return new PostgresDatabase(
        name, "jdbc:postgresql://127.0.0.1:" + port() + "/" + name, USER, USER);
  }

  @Override
  public void close() {
    watchdog.close();
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
