package io.sac4cps.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sac4cps.embedded.EmbeddedPostgresServer;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.testkit.time.ManualClock;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * A function's connections as the RDS Proxy sees them (decision 0051), against a PostgreSQL server
 * that checks passwords: the token the pool signs in with is the one for this role, endpoint,
 * region and moment, it is made again for every connection (a token from 15 minutes earlier is
 * refused), and neither it nor the Lambda's secret key is logged. The "proxy" here accepts exactly
 * the token we expect it to compute (the role's password); that the real proxy computes the same is
 * what {@code RdsAuthenticationTokenTest} shows against the SDK's {@code RdsUtilities}.
 */
class IamTokenConnectionIT {
  private static final String ROLE = "iam_token_reader";
  private static final String REGION = "eu-central-1";
  private static final AwsBasicCredentials CREDENTIALS =
      AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

  private static EmbeddedPostgresServer server;
  private static PostgresDatabase admin;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T20:00:00Z"));
  private final List<String> logged = Collections.synchronizedList(new ArrayList<>());

  /** While the test sets the role's password: the driver logs that statement, token included. */
  private volatile boolean settingUpTheProxy;

  private final ListAppender<ILoggingEvent> slf4j = new ListAppender<>();
  private final Handler jul =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (settingUpTheProxy) {
            return;
          }
          logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeAll
  static void startAServerThatChecksPasswords() {
    server = EmbeddedPostgresServer.startCheckingPasswords();
    admin = server.createDatabase("iam_tokens");
    admin.execute(
        List.of(
            "CREATE ROLE " + ROLE + " LOGIN", "GRANT CONNECT ON DATABASE iam_tokens TO " + ROLE));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** The pool's and the driver's logs at their most verbose, where a password would show. */
  @BeforeEach
  void captureLogs() {
    slf4j.start();
    for (String name : List.of("com.zaxxer.hikari", "io.sac4cps.platform.database")) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      logger.setLevel(Level.TRACE);
      logger.addAppender(slf4j);
    }
    jul.setLevel(java.util.logging.Level.ALL);
    java.util.logging.Logger driver = java.util.logging.Logger.getLogger("org.postgresql");
    driver.setLevel(java.util.logging.Level.ALL);
    driver.addHandler(jul);
  }

  @AfterEach
  void stopCapturing() {
    for (String name : List.of("com.zaxxer.hikari", "io.sac4cps.platform.database")) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      logger.setLevel(null);
      logger.detachAppender(slf4j);
    }
    java.util.logging.Logger driver = java.util.logging.Logger.getLogger("org.postgresql");
    driver.removeHandler(jul);
    driver.setLevel(null);
  }

  @Test
  void everyConnectionSignsInWithATokenMadeForItAndAStaleOneIsRefused() throws Exception {
    IamTokenDataSource tokens =
        new IamTokenDataSource(admin.jdbcUrl(), ROLE, REGION, () -> CREDENTIALS, clock);
    URI endpoint = URI.create("//127.0.0.1:" + server.port());

    String first =
        acceptOnly(RdsAuthenticationToken.generate(endpoint, ROLE, REGION, CREDENTIALS, clock));
    assertThat(first).contains("DBUser=" + ROLE).contains("%2F" + REGION + "%2Frds-db%2F");
    assertThat(signedInAs(tokens)).isEqualTo(ROLE);

    clock.advance(Duration.ofMinutes(15));
    String later =
        acceptOnly(RdsAuthenticationToken.generate(endpoint, ROLE, REGION, CREDENTIALS, clock));
    assertThat(later).isNotEqualTo(first);
    assertThat(signedInAs(tokens)).as("a new token, not the first one again").isEqualTo(ROLE);
    assertThatThrownBy(() -> DriverManager.getConnection(admin.jdbcUrl(), ROLE, first).close())
        .as("the server checks the password: the 15-minute-old token no longer signs in")
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");

    assertNothingLoggedHolds(first, later);
  }

  @Test
  void aPoolOpeningConnectionsLaterMakesThemWithTheTokenOfThatMoment() throws Exception {
    URI endpoint = URI.create("//127.0.0.1:" + server.port());
    HikariConfig config = new HikariConfig();
    config.setDataSource(
        new IamTokenDataSource(admin.jdbcUrl(), ROLE, REGION, () -> CREDENTIALS, clock));
    config.setUsername(ROLE);
    config.setMinimumIdle(0);
    config.setMaximumPoolSize(2);
    String first =
        acceptOnly(RdsAuthenticationToken.generate(endpoint, ROLE, REGION, CREDENTIALS, clock));
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection held = pool.getConnection()) {
        clock.advance(Duration.ofMinutes(20));
        String now =
            acceptOnly(RdsAuthenticationToken.generate(endpoint, ROLE, REGION, CREDENTIALS, clock));
        // The first connection is busy: the pool opens a second one, 20 minutes on.
        try (Connection second = pool.getConnection();
            Statement statement = second.createStatement();
            ResultSet rs = statement.executeQuery("SELECT current_user")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo(ROLE);
        }
        assertThat(held.isValid(1))
            .as("an open connection outlives its token: RDS checks it only at sign-in")
            .isTrue();
        assertNothingLoggedHolds(first, now);
      }
    }
  }

  /** Makes {@code token} the only password the role signs in with, as the proxy would check it. */
  private String acceptOnly(String token) {
    settingUpTheProxy = true;
    try {
      admin.execute(List.of("ALTER ROLE " + ROLE + " PASSWORD '" + token.replace("'", "''") + "'"));
    } finally {
      settingUpTheProxy = false;
    }
    return token;
  }

  private static String signedInAs(IamTokenDataSource tokens) throws SQLException {
    try (Connection connection = tokens.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void assertNothingLoggedHolds(String... tokenList) {
    List<String> everything = new ArrayList<>(logged);
    slf4j.list.forEach(e -> everything.add(e.getFormattedMessage()));
    assertThat(everything).as("the driver's logs were captured").isNotEmpty();
    for (String line : everything) {
      assertThat(line).doesNotContain(CREDENTIALS.secretAccessKey());
      for (String token : tokenList) {
        assertThat(line).doesNotContain(token).doesNotContain(signature(token));
      }
    }
  }

  private static String signature(String token) {
    return token.substring(token.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
  }
}
