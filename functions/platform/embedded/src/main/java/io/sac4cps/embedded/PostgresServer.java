package io.sac4cps.embedded;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server that hands out fresh databases: the embedded one by default, or an external
 * server named by the environment.
 *
 * <p>Environment variables read by {@link #startOrConnect(Map)}:
 *
 * <ul>
 *   <li>{@code SAC4CPS_POSTGRES_URL}: JDBC URL of an admin database on an external server, e.g.
 *       {@code jdbc:postgresql://localhost:5432/postgres}. When set, nothing is started.
 *   <li>{@code SAC4CPS_POSTGRES_USER} (default {@code postgres}) and {@code
 *       SAC4CPS_POSTGRES_PASSWORD} (default empty): a user allowed to create databases.
 * </ul>
 */
public interface PostgresServer extends AutoCloseable {

  String URL_VARIABLE = "SAC4CPS_POSTGRES_URL";
  String USER_VARIABLE = "SAC4CPS_POSTGRES_USER";
  String PASSWORD_VARIABLE = "SAC4CPS_POSTGRES_PASSWORD";

  /** Lower-case identifiers only, so names never need quoting and never collide by case. */
  Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /**
   * Creates an empty database.
   *
   * @param name lower-case letters, digits and underscores, at most 63 characters
   * @throws IllegalArgumentException for any other name
   * @throws IllegalStateException when the database exists or the server refuses
   */
  PostgresDatabase createDatabase(String name);

  /** Stops the server (embedded) or drops the databases this object created (external). */
  @Override
  void close();

  /** Connects to the server named by {@link #URL_VARIABLE}, or starts an embedded one. */
  static PostgresServer startOrConnect(Map<String, String> environment) {
    String url = environment.get(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      return EmbeddedPostgresServer.start();
    }
    return new ExternalPostgresServer(
        url,
        environment.getOrDefault(USER_VARIABLE, "postgres"),
        environment.getOrDefault(PASSWORD_VARIABLE, ""));
  }

  static String requireValidName(String name) {
    if (name == null || !DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "database name must match " + DATABASE_NAME.pattern() + ": " + name);
    }
    return name;
  }
}
