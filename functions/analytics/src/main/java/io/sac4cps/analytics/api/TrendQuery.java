package io.sac4cps.analytics.api;

import io.sac4cps.analytics.domain.Aggregation;
import io.sac4cps.analytics.domain.CalendarBuckets;
import io.sac4cps.analytics.domain.Metric;
import io.sac4cps.analytics.domain.TrendInterval;
import io.sac4cps.platform.problem.FieldChecks;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

/**
 * The parameters of {@code GET /analytics/trends}, checked together so one 400 names every field at
 * fault. Defaults: the last 7 days, 1h, UTC, {@code min,max,avg,count}. A range needing more than
 * {@value #MAX_POINTS} buckets is refused.
 */
record TrendQuery(
    Metric metric,
    String roomId,
    String building,
    TrendInterval interval,
    ZoneId zone,
    Set<Aggregation> aggregations,
    CalendarBuckets buckets) {
  static final int MAX_POINTS = 1000;
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Duration DEFAULT_RANGE = Duration.ofDays(7);
  private static final Set<Aggregation> DEFAULT_AGGREGATIONS =
      EnumSet.of(Aggregation.MIN, Aggregation.MAX, Aggregation.AVG, Aggregation.COUNT);

  static TrendQuery parse(
      String metricName,
      String roomId,
      String building,
      String fromText,
      String toText,
      String intervalName,
      String tz,
      String agg,
      Instant now) {
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
    if (roomId != null && building != null) {
      checks.fail("building", "give roomId or building, not both");
    }
    if (roomId != null && (roomId.isBlank() || roomId.length() > 64)) {
      checks.fail("roomId", "must be 1 to 64 characters");
    }
    if (building != null && (building.isBlank() || building.length() > 200)) {
      checks.fail("building", "must be 1 to 200 characters");
    }
    TrendInterval interval = TrendInterval.HOUR;
    if (intervalName != null) {
      interval = TrendInterval.fromWire(intervalName).orElse(null);
      if (interval == null) {
        checks.fail("interval", "must be one of " + TrendInterval.allowed());
      }
    }
    ZoneId zone = UTC;
    if (tz != null) {
      zone = zone(tz);
      if (zone == null) {
        checks.fail("tz", "must be an IANA time zone such as Europe/Berlin");
      }
    }
    Set<Aggregation> aggregations = DEFAULT_AGGREGATIONS;
    if (agg != null) {
      aggregations = EnumSet.noneOf(Aggregation.class);
      for (String name : agg.split(",", -1)) {
        Aggregation a = Aggregation.fromWire(name.trim()).orElse(null);
        if (a == null || !aggregations.add(a)) {
          checks.fail("agg", "must be distinct comma-separated values of " + Aggregation.allowed());
          break;
        }
      }
    }
    Instant to = toText == null ? now : Times.parse("to", toText, checks);
    Instant from =
        fromText == null
            ? (to == null ? null : to.minus(DEFAULT_RANGE))
            : Times.parse("from", fromText, checks);
    CalendarBuckets buckets = null;
    if (from != null && to != null) {
      if (!to.isAfter(from)) {
        checks.fail("to", "must be after from");
      } else if (interval != null && zone != null) {
        buckets = CalendarBuckets.of(from, to, interval, zone, MAX_POINTS).orElse(null);
        if (buckets == null) {
          checks.fail(
              "interval",
              "the range needs more than "
                  + MAX_POINTS
                  + " buckets of "
                  + interval.wireName()
                  + ": use a longer interval or a shorter range");
        }
      }
    }
    checks.orThrow();
    return new TrendQuery(metric, roomId, building, interval, zone, aggregations, buckets);
  }

  /** A region id (Europe/Berlin) or UTC; offsets and abbreviations are not calendars. */
  private static ZoneId zone(String tz) {
    if (tz.equals("UTC")) {
      return UTC;
    }
    if (!tz.contains("/")) {
      return null;
    }
    try {
      return ZoneId.of(tz);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
