package io.sac4cps.analytics.api;

import io.sac4cps.platform.problem.FieldChecks;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The parameters of {@code GET /analytics/summary}. The summary works on whole UTC hours (hour
 * aggregates, decision 0024): {@code from} is rounded down and {@code to} up to the hour. Without
 * them: the 24 hours up to the end of the current hour.
 */
record SummaryQuery(String building, Instant from, Instant to) {
  static final Duration DEFAULT_RANGE = Duration.ofHours(24);
  static final Duration MAX_RANGE = Duration.ofDays(366);

  static SummaryQuery parse(String building, String fromText, String toText, Instant now) {
    FieldChecks checks = new FieldChecks();
    if (building != null && (building.isBlank() || building.length() > 200)) {
      checks.fail("building", "must be 1 to 200 characters");
    }
    Instant to = toText == null ? now : Times.parse("to", toText, checks);
    Instant from =
        fromText == null
            ? (to == null ? null : ceilHour(to).minus(DEFAULT_RANGE))
            : Times.parse("from", fromText, checks);
    if (from != null && to != null) {
      from = from.truncatedTo(ChronoUnit.HOURS);
      to = ceilHour(to);
      if (!to.isAfter(from)) {
        checks.fail("to", "must be after from");
      } else if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
        checks.fail("to", "the range may be at most 366 days");
      }
    }
    checks.orThrow();
    return new SummaryQuery(building, from, to);
  }

  private static Instant ceilHour(Instant time) {
    Instant floor = time.truncatedTo(ChronoUnit.HOURS);
    return floor.equals(time) ? time : floor.plus(1, ChronoUnit.HOURS);
  }
}
