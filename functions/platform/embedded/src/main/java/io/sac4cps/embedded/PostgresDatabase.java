package io.sac4cps.embedded;

/**
 * A database on a PostgreSQL server, ready to be handed to a JDBC data source.
 *
 * @param name the database name
 * @param jdbcUrl {@code jdbc:postgresql://host:port/name}
 * @param username the user that owns the database
 * @param password that user's password (ignored by the embedded server, which trusts local users)
 */
public record PostgresDatabase(String name, String jdbcUrl, String username, String password) {

  public static final String DRIVER_CLASS_NAME = "org.postgresql.Driver";
}
