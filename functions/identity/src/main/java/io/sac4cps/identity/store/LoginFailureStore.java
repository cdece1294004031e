package io.sac4cps.identity.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.identity.domain.EmailAddress;
import io.sac4cps.identity.domain.LoginThrottle.Count;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Login attempts per email and client address (decision 0020), and the addresses each email logged
 * in from, shared by every instance of the function through the database. A counter is read and
 * written under its row lock in the caller's transaction, so concurrent attempts on any instance
 * are counted one by one.
 */
@Singleton
public class LoginFailureStore {
  /** The client of the counter that holds an email's attempts from every unknown address. */
  public static final String ANY_CLIENT = "*";

  private final JdbcStatements sql;

  LoginFailureStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** The counter, locked until the caller's transaction ends; an empty one if there was none. */
  public Count lockCount(EmailAddress email, String client) {
    sql.update(
        "INSERT INTO login_failure (email, client, failures, first_failed_at)"
            + " VALUES (?, ?, 0, to_timestamp(0)) ON CONFLICT DO NOTHING",
        s -> {
          s.setString(1, email.value());
          s.setString(2, client);
        });
    return sql.queryOne(
            "SELECT failures, first_failed_at, locked_until FROM login_failure"
                + " WHERE email = ? AND client = ? FOR UPDATE",
            s -> {
              s.setString(1, email.value());
              s.setString(2, client);
            },
            row ->
                new Count(
                    row.getInt(1),
                    instant(row, "first_failed_at"),
                    row.getTimestamp(3) == null ? null : instant(row, "locked_until")))
        .orElseThrow();
  }

  public void save(EmailAddress email, String client, Count count) {
    sql.update(
        "UPDATE login_failure SET failures = ?, first_failed_at = ?, locked_until = ?"
            + " WHERE email = ? AND client = ?",
        s -> {
          s.setInt(1, count.attempts());
          s.setTimestamp(2, timestamp(count.firstAt()));
          s.setTimestamp(3, count.lockedUntil() == null ? null : timestamp(count.lockedUntil()));
          s.setString(4, email.value());
          s.setString(5, client);
        });
  }

  /** A success: the address's attempts are forgotten. */
  public void forget(EmailAddress email, String client) {
    sql.update(
        "DELETE FROM login_failure WHERE email = ? AND client = ?",
        s -> {
          s.setString(1, email.value());
          s.setString(2, client);
        });
  }

  /** A success from an unknown address: its attempt is taken back from the email's counter. */
  public void uncount(EmailAddress email, String client) {
    sql.update(
        "UPDATE login_failure SET failures = GREATEST(failures - 1, 0)"
            + " WHERE email = ? AND client = ?",
        s -> {
          s.setString(1, email.value());
          s.setString(2, client);
        });
  }

  /** Whether the email logged in from {@code client} after {@code since}. */
  public boolean known(EmailAddress email, String client, Instant since) {
    return sql.queryOne(
            "SELECT 1 FROM login_known_client WHERE email = ? AND client = ? AND last_login_at > ?",
            s -> {
              s.setString(1, email.value());
              s.setString(2, client);
              s.setTimestamp(3, timestamp(since));
            },
            row -> true)
        .isPresent();
  }

  public void remember(EmailAddress email, String client, Instant at) {
    sql.update(
        "INSERT INTO login_known_client (email, client, last_login_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (email, client) DO UPDATE SET last_login_at = EXCLUDED.last_login_at",
        s -> {
          s.setString(1, email.value());
          s.setString(2, client);
          s.setTimestamp(3, timestamp(at));
        });
  }

  /**
   * Deletes up to {@code limit} counters first failed before {@code countedBefore} and not locked
   * at {@code now}, and up to {@code limit} addresses last used before {@code knownBefore}.
   */
  public int purgeStale(Instant countedBefore, Instant knownBefore, Instant now, int limit) {
    Timestamp counted = timestamp(countedBefore);
    int deleted =
        sql.update(
            "DELETE FROM login_failure WHERE (email, client) IN (SELECT email, client"
                + " FROM login_failure WHERE first_failed_at < ?"
                + " AND (locked_until IS NULL OR locked_until < ?) LIMIT ?)",
            s -> {
              s.setTimestamp(1, counted);
              s.setTimestamp(2, timestamp(now));
              s.setInt(3, limit);
            });
    return deleted
        + sql.update(
            "DELETE FROM login_known_client WHERE (email, client) IN (SELECT email, client"
                + " FROM login_known_client WHERE last_login_at < ? LIMIT ?)",
            s -> {
              s.setTimestamp(1, timestamp(knownBefore));
              s.setInt(2, limit);
            });
  }
}
