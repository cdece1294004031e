package io.sac4cps.platform.consumer;

import io.sac4cps.platform.jdbc.DatabaseOutage;
import io.sac4cps.platform.resilience.DependencyUnavailable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that goes away by itself (the database unreachable or restarting, a deadlock, a
 * lock or statement timeout, a network error, a 503 or throttling answer from AWS, a call refused
 * by an open circuit breaker) from one that the same event would meet again: a consumer retries the
 * first without limit of attempts (bounded by the event's age) and never dead-letters it; the
 * second, once isolated to one event, is that event's dead letter (decision 0059).
 */
public final class TransientFailure {
  // 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available,
  // 57014 query_canceled (statement timeout), 53xxx insufficient resources (too many connections).
  private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "57014");

  private TransientFailure() {}

  /** Whether {@code failure} or one of its causes is transient. */
  public static boolean causes(Throwable failure) {
    if (DatabaseOutage.causes(failure)) {
      return true;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException
          || t instanceof IOException
          || t instanceof UncheckedIOException
          || t instanceof TimeoutException
          || t instanceof DependencyUnavailable
          || isSdkFailure(t)) {
        return true;
      }
      String state = t instanceof SQLException sql ? sql.getSQLState() : null;
      if (state != null && (TRANSIENT_STATES.contains(state) || state.startsWith("53"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * The AWS SDK's client-side failures (no answer, a timeout, a refused connection) and a service's
   * 5xx or 429 answers, by name: the SDK is optional in platform-core.
   */
  private static boolean isSdkFailure(Throwable t) {
    for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
      switch (type.getName()) {
        case "software.amazon.awssdk.core.exception.SdkClientException":
          return true;
        case "software.amazon.awssdk.core.exception.SdkServiceException":
          int status = statusCode(t);
          return status >= 500 || status == 429;
        default:
          break;
      }
    }
    return false;
  }

  private static int statusCode(Throwable serviceException) {
    try {
      return (int) serviceException.getClass().getMethod("statusCode").invoke(serviceException);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return 0;
    }
  }
}
