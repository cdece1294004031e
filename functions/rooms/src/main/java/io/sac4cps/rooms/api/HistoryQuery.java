package io.sac4cps.rooms.api;

import io.sac4cps.platform.problem.FieldChecks;
import io.sac4cps.rooms.domain.HistoryInterval;
import io.sac4cps.rooms.domain.Metric;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The parameters of {@code GET /rooms/{id}/history}, checked together so one 400 names every field
 * at fault. Without {@code from}: the 24 hours before now (or before {@code to}), at most {@value
 * #MAX_POINTS} intervals; the default interval is 1h; a given range that could hold more than
 * {@value #MAX_POINTS} points is refused.
 */
record HistoryQuery(Metric metric, Instant from, Instant to, HistoryInterval interval) {
  static final int MAX_POINTS = 1000;
  private static final Duration DEFAULT_RANGE = Duration.ofHours(24);

  static HistoryQuery parse(
      String metricName, String fromText, String toText, String intervalName, Instant now) {
    FieldChecks checks = new FieldChecks();
    Metric metric = null;
    if (metricName == null || metricName.isBlank()) {
      checks.fail("metric", "is required; one of " + Metric.allowed());
    } else {
      metric = Metric.fromWire(metricName).orElse(null);
      if (metric == null) {
        checks.fail("metric", "must be one of " + Metric.allowed());
      }
    }
    HistoryInterval interval = HistoryInterval.ONE_HOUR;
    if (intervalName != null) {
      interval = HistoryInterval.fromWire(intervalName).orElse(null);
      if (interval == null) {
        checks.fail("interval", "must be one of " + HistoryInterval.allowed());
      }
    }
    Instant to = toText == null ? now : time("to", toText, checks);
    Instant from =
        fromText == null
            ? (to == null ? null : to.minus(defaultRange(interval)))
            : time("from", fromText, checks);
    if (from != null && to != null && !to.isAfter(from)) {
      checks.fail("to", "must be after from");
    } else if (from != null && to != null && interval != null) {
      long points = interval.maxPoints(from, to);
      if (points > MAX_POINTS) {
        checks.fail(
            "interval",
            "the range holds up to "
                + points
                + " points of "
                + interval.wireName()
                + "; at most "
                + MAX_POINTS
                + ": use a longer interval or a shorter range");
      }
    }
    checks.orThrow();
    return new HistoryQuery(metric, from, to, interval);
  }

  /**
   * The 24 hours before {@code to}, shortened to what {@value #MAX_POINTS} points of the interval
   * cover (16 h 39 min of 1m), so that a request without a range is always valid.
   */
  static Duration defaultRange(HistoryInterval interval) {
    if (interval == null) {
      return DEFAULT_RANGE;
    }
    // An unaligned range touches one interval more than it spans.
    Duration fitting = interval.step().multipliedBy(MAX_POINTS - 1);
    return fitting.compareTo(DEFAULT_RANGE) < 0 ? fitting : DEFAULT_RANGE;
  }

  private static Instant time(String field, String text, FieldChecks checks) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      checks.fail(field, "must be an RFC 3339 date-time");
      return null;
    }
  }
}
