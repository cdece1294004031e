package io.sac4cps.platform.retention;

import java.time.Duration;

/**
 * Rows of a function's schema that are deleted once older than their retention (decision 0012). A
 * function declares one as a bean; {@link RetentionPurge} runs them all on the schedule.
 */
public interface ExpiringRows {

  /** For logs: the table, e.g. {@code processed_event}. */
  String name();

  /** How long a row is kept. */
  Duration retention();

  /**
   * Deletes at most {@code limit} rows older than {@link #retention()} by the database's clock
   * ({@code now()}, the clock that stamped them), in the current transaction (the purge opens one
   * per batch).
   *
   * @return how many rows were deleted
   */
  int deleteExpired(int limit);
}
