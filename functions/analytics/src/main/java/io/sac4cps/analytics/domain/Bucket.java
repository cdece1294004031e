package io.sac4cps.analytics.domain;

import java.time.Instant;

/**
 * Readings aggregated over {@code [start, end)}; {@code count} 0 is a gap, with no values.
 *
 * @param min null in a gap; likewise {@code max} and {@code sum}
 */
public record Bucket(Instant start, Instant end, long count, Double sum, Double min, Double max) {

  public static Bucket empty(Instant start, Instant end) {
    return new Bucket(start, end, 0, null, null, null);
  }

  public Bucket plus(long count, double sum, double min, double max) {
    if (count == 0) {
      return this;
    }
    return this.count == 0
        ? new Bucket(start, end, count, sum, min, max)
        : new Bucket(
            start,
            end,
            this.count + count,
            this.sum + sum,
            Math.min(this.min, min),
            Math.max(this.max, max));
  }

  public Double avg() {
    return count == 0 ? null : sum / count;
  }
}
