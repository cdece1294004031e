package io.sac4cps.analytics.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A period of whole hours split into the whole UTC days inside it, {@code [firstDay, endDay)}, and
 * the hours before and after them, {@code [start, firstDay)} and {@code [endDay, end)}: the days
 * come from a daily rollup, the edge hours from hour aggregates, and together they cover the period
 * exactly once (decision 0064). A period within one day has no days and all its hours before them.
 */
public record DaySplit(Instant start, Instant firstDay, Instant endDay, Instant end) {
  private static final long DAY = Duration.ofDays(1).toSeconds();

  public static DaySplit of(Instant start, Instant end) {
    Instant firstDay = dayStart(start.plusSeconds(DAY - 1));
    Instant endDay = dayStart(end);
    if (!firstDay.isBefore(endDay)) {
      return new DaySplit(start, end, end, end);
    }
    return new DaySplit(start, firstDay, endDay, end);
  }

  /** Midnight UTC of the day holding {@code time}. */
  public static Instant dayStart(Instant time) {
    return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), DAY) * DAY);
  }
}
