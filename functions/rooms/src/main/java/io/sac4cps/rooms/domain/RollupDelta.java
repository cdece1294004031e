package io.sac4cps.rooms.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a batch of readings adds to one rollup bucket. Buckets merge by adding counts and sums and
 * taking the extremes, so applying deltas is order-independent; exactness under redelivery comes
 * from applying each reading once (the consumer dedupes on event id first).
 */
public record RollupDelta(
    Series series, Instant bucket, long count, double sum, double min, double max) {

  /** The readings summed per series and bucket of {@code unit} (minutes or hours), sorted. */
  public static List<RollupDelta> of(Collection<Reading> readings, ChronoUnit unit) {
    Map<Key, RollupDelta> deltas = new TreeMap<>();
    for (Reading reading : readings) {
      Key key = new Key(reading.series(), reading.timestamp().truncatedTo(unit));
      RollupDelta one =
          new RollupDelta(
              key.series(), key.bucket(), 1, reading.value(), reading.value(), reading.value());
      deltas.merge(key, one, RollupDelta::plus);
    }
    return new ArrayList<>(deltas.values());
  }

  public RollupDelta plus(RollupDelta other) {
    return new RollupDelta(
        series,
        bucket,
        count + other.count,
        sum + other.sum,
        Math.min(min, other.min),
        Math.max(max, other.max));
  }

  private record Key(Series series, Instant bucket) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int bySeries = series.compareTo(other.series);
      return bySeries != 0 ? bySeries : bucket.compareTo(other.bucket);
    }
  }
}
