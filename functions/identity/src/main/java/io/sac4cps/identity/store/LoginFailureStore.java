package io.sac4cps.identity.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.identity.domain.EmailAddress;
import io.sac4cps.identity.domain.LoginThrottle;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;

/**
 * Failed logins per email, shared by every instance of the function through the database. One
 * upsert per failure keeps concurrent failures from losing counts.
 */
@Singleton
public class LoginFailureStore {
  private final JdbcStatements sql;

  LoginFailureStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** Until when logins for this email are refused, if they are at {@code now}. */
  public Optional<Instant> lockedUntil(EmailAddress email, Instant now) {
    return sql.queryOne(
        "SELECT locked_until FROM login_failure WHERE email = ? AND locked_until > ?",
        s -> {
          s.setString(1, email.value());
          s.setTimestamp(2, timestamp(now));
        },
        row -> instant(row, "locked_until"));
  }

  /**
   * Counts a failure: a new window starts when the last one is over; reaching {@code maxFailures}
   * within the window locks the email until {@code now + lockout}.
   *
   * @return until when the email is now locked, if this failure locked it
   */
  public Optional<Instant> recordFailure(EmailAddress email, Instant now, LoginThrottle throttle) {
    Instant windowStart = now.minus(throttle.window());
    Instant lockedUntil = now.plus(throttle.lockout());
    return sql.queryOne(
            "INSERT INTO login_failure AS f (email, failures, window_started_at, locked_until)"
                + " VALUES (?, 1, ?, CASE WHEN 1 >= ? THEN ?::timestamptz END)"
                + " ON CONFLICT (email) DO UPDATE SET"
                + "   failures = CASE WHEN f.window_started_at <= ? THEN 1 ELSE f.failures + 1 END,"
                + "   window_started_at ="
                + "     CASE WHEN f.window_started_at <= ? THEN ? ELSE f.window_started_at END,"
                + "   locked_until = CASE"
                + "     WHEN (CASE WHEN f.window_started_at <= ? THEN 1 ELSE f.failures + 1 END) >= ?"
                + "     THEN ?::timestamptz ELSE f.locked_until END"
                + " RETURNING locked_until",
            s -> {
              s.setString(1, email.value());
              s.setTimestamp(2, timestamp(now));
              s.setInt(3, throttle.maxFailures());
              s.setTimestamp(4, timestamp(lockedUntil));
              s.setTimestamp(5, timestamp(windowStart));
              s.setTimestamp(6, timestamp(windowStart));
              s.setTimestamp(7, timestamp(now));
              s.setTimestamp(8, timestamp(windowStart));
              s.setInt(9, throttle.maxFailures());
              s.setTimestamp(10, timestamp(lockedUntil));
            },
            row -> instant(row, "locked_until"))
        .filter(until -> until.isAfter(now));
  }

  /** A successful login forgets earlier failures. */
  public void clear(EmailAddress email) {
    sql.update("DELETE FROM login_failure WHERE email = ?", s -> s.setString(1, email.value()));
  }

  /** Deletes up to {@code limit} rows whose window and lock both ended before {@code before}. */
  public int purgeStale(Instant before, int limit) {
    return sql.update(
        "DELETE FROM login_failure WHERE email IN (SELECT email FROM login_failure"
            + " WHERE window_started_at < ? AND (locked_until IS NULL OR locked_until < ?) LIMIT ?)",
        s -> {
          s.setTimestamp(1, timestamp(before));
          s.setTimestamp(2, timestamp(before));
          s.setInt(3, limit);
        });
  }
}
