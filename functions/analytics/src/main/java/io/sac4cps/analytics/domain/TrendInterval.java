package io.sac4cps.analytics.domain;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Optional;

/**
 * Trend buckets aligned to the calendar of a time zone: an hour, a day (23 or 25 hours on DST
 * days), an ISO week (from Monday) or a month.
 */
public enum TrendInterval {
  HOUR("1h"),
  DAY("1d"),
  WEEK("1w"),
  MONTH("1mo");

  private final String wireName;

  TrendInterval(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<TrendInterval> fromWire(String name) {
    return Arrays.stream(values()).filter(i -> i.wireName.equals(name)).findFirst();
  }

  public static String allowed() {
    return String.join(", ", Arrays.stream(values()).map(TrendInterval::wireName).toList());
  }

  /** The start of the bucket holding {@code time}. */
  public ZonedDateTime floor(ZonedDateTime time) {
    return switch (this) {
      case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
      case DAY -> time.toLocalDate().atStartOfDay(time.getZone());
      case WEEK ->
          time.toLocalDate()
              .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
              .atStartOfDay(time.getZone());
      case MONTH -> time.toLocalDate().withDayOfMonth(1).atStartOfDay(time.getZone());
    };
  }

  /** The start of the bucket after the one starting at {@code start}. */
  public ZonedDateTime next(ZonedDateTime start) {
    return switch (this) {
      // On the instant time-line: a 25-hour day has 25 hour buckets.
      case HOUR -> start.plusHours(1);
      case DAY -> start.toLocalDate().plusDays(1).atStartOfDay(start.getZone());
      case WEEK -> start.toLocalDate().plusWeeks(1).atStartOfDay(start.getZone());
      case MONTH -> start.toLocalDate().plusMonths(1).atStartOfDay(start.getZone());
    };
  }
}
