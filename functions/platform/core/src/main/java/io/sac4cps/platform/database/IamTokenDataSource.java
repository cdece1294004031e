package io.sac4cps.platform.database;

import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Opens each connection with a fresh {@link RdsAuthenticationToken} as the password, so the pool
 * never holds a credential older than 15 minutes and no password is configured anywhere. Tokens are
 * made at connection time only (Hikari opens connections rarely), not per request.
 */
final class IamTokenDataSource implements DataSource {

  private final String jdbcUrl;
  private final URI endpoint;
  private final String user;
  private final String region;
  private final Supplier<AwsCredentialsIdentity> credentials;
  private final Clock clock;
  private PrintWriter logWriter;

  IamTokenDataSource(
      String jdbcUrl,
      String user,
      String region,
      Supplier<AwsCredentialsIdentity> credentials,
      Clock clock) {
    this.jdbcUrl = jdbcUrl;
    this.endpoint = endpointOf(jdbcUrl);
    this.user = user;
    this.region = region;
    this.credentials = credentials;
    this.clock = clock;
  }

  /** {@code jdbc:postgresql://host:port/db?…} → {@code //host:port}. */
  static URI endpointOf(String jdbcUrl) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("no host in " + jdbcUrl);
    }
    return URI.create("//" + uri.getHost() + ":" + (uri.getPort() == -1 ? 5432 : uri.getPort()));
  }

  /** The token the next connection signs in with. */
  String token() {
    return RdsAuthenticationToken.generate(endpoint, user, region, credentials.get(), clock);
  }

  @Override
  public Connection getConnection() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", token());
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  /** Hikari passes the configured user; the password is always a new token. */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    DriverManager.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() {
    return DriverManager.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
