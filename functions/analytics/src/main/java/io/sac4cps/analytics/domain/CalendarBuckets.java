package io.sac4cps.analytics.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The calendar buckets of an interval in a zone that cover {@code [from, to)}: the first starts at
 * or before {@code from}, the last ends at or after {@code to}. Source aggregates (UTC quarter
 * hours or hours) are added to the bucket holding their start.
 */
public final class CalendarBuckets {
  private final Bucket[] buckets;
  private final Instant[] starts;

  private CalendarBuckets(List<Bucket> buckets) {
    this.buckets = buckets.toArray(Bucket[]::new);
    this.starts = buckets.stream().map(Bucket::start).toArray(Instant[]::new);
  }

  /** The buckets, or empty when more than {@code max} would be needed. */
  public static java.util.Optional<CalendarBuckets> of(
      Instant from, Instant to, TrendInterval interval, ZoneId zone, int max) {
    List<Bucket> buckets = new ArrayList<>();
    ZonedDateTime start = interval.floor(from.atZone(zone));
    while (start.toInstant().isBefore(to)) {
      if (buckets.size() == max) {
        return java.util.Optional.empty();
      }
      ZonedDateTime end = interval.next(start);
      buckets.add(Bucket.empty(start.toInstant(), end.toInstant()));
      start = end;
    }
    return java.util.Optional.of(new CalendarBuckets(buckets));
  }

  /**
   * Whether every bucket boundary between {@code from} and {@code to} falls on a UTC hour, so hour
   * aggregates can fill the buckets exactly; otherwise (e.g. Asia/Kolkata, +05:30) quarter hours
   * must.
   */
  public static boolean hourAligned(ZoneId zone, Instant from, Instant to) {
    ZoneRules rules = zone.getRules();
    if (!wholeHours(rules.getOffset(from))) {
      return false;
    }
    ZoneOffsetTransition transition = rules.nextTransition(from);
    while (transition != null && transition.getInstant().isBefore(to)) {
      if (!wholeHours(transition.getOffsetAfter())) {
        return false;
      }
      transition = rules.nextTransition(transition.getInstant());
    }
    return true;
  }

  private static boolean wholeHours(ZoneOffset offset) {
    return offset.getTotalSeconds() % 3600 == 0;
  }

  public Instant from() {
    return starts[0];
  }

  public Instant to() {
    return buckets[buckets.length - 1].end();
  }

  public boolean isEmpty() {
    return buckets.length == 0;
  }

  /** Adds a source aggregate that starts at {@code time} (ignored outside the buckets). */
  public void add(Instant time, long count, double sum, double min, double max) {
    int i = Arrays.binarySearch(starts, time);
    int index = i >= 0 ? i : -i - 2;
    if (index < 0 || !time.isBefore(buckets[index].end())) {
      return;
    }
    buckets[index] = buckets[index].plus(count, sum, min, max);
  }

  public List<Bucket> buckets() {
    return List.of(buckets);
  }
}
