package io.sac4cps.platform.jdbc;

import io.micronaut.data.connection.exceptions.ConnectionException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;

/**
 * Tells a database that cannot be reached (stopped, restarting, failing over) apart from a failed
 * statement: the first is answered 503 with {@code Retry-After}, the second is a bug (500).
 */
public final class DatabaseOutage {
  /** What a client is told to wait: about the pool's connection timeout (PlatformDefaults). */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up).
  private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

  private DatabaseOutage() {}

  /** Whether {@code failure} or one of its causes says the database is unreachable. */
  public static boolean causes(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // micronaut-data's ConnectionException: a connection could not be had or set up (a pooled
      // one the stopped server had closed, measured: "Could not set JDBC Connection read-only").
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof ConnectionException
          || t instanceof ConnectException) {
        return true;
      }
      String state = t instanceof SQLException sql ? sql.getSQLState() : null;
      // Class 08: connection exception.
      if (state != null && (state.startsWith("08") || SHUTDOWN_STATES.contains(state))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
