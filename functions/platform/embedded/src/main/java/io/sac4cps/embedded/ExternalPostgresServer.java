package io.sac4cps.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server that runs outside this JVM (e.g. the machine's own cluster). Databases it
 * creates are dropped again on {@link #close()}, so repeated runs leave nothing behind.
 */
final class ExternalPostgresServer implements PostgresServer {

  private static final Pattern JDBC_URL =
      Pattern.compile("(jdbc:postgresql://[^/?]+)(/[^?]*)?(\\?.*)?");

  private final String adminUrl;
  private final String serverPrefix;
  private final String query;
  private final String user;
  private final String password;
  private final List<String> created = new ArrayList<>();

  ExternalPostgresServer(String adminUrl, String user, String password) {
    Matcher matcher = JDBC_URL.matcher(adminUrl);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          URL_VARIABLE + " must be jdbc:postgresql://host:port/database, was " + adminUrl);
    }
    this.adminUrl = adminUrl;
    this.serverPrefix = matcher.group(1);
    this.query = matcher.group(3) == null ? "" : matcher.group(3);
    this.user = user;
    this.password = password;
  }

  @Override
  public synchronized PostgresDatabase createDatabase(String name) {
    PostgresServer.requireValidName(name);
    execute("CREATE DATABASE " + name);
    created.add(name);
    return new PostgresDatabase(name, serverPrefix + "/" + name + query, user, password);
  }

  @Override
  public synchronized void close() {
    for (String name : created) {
      execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
    created.clear();
  }

  private void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("external PostgreSQL refused: " + sql, e);
    }
  }
}
