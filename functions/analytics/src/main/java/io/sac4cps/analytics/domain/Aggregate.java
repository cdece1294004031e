package io.sac4cps.analytics.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Count, sum, min and max of one sensor's readings in one bucket (a quarter hour or an hour by
 * reading time): what a batch adds to the projection. Adding aggregates is exact and associative,
 * so a late reading simply adds to the bucket it belongs to.
 */
public record Aggregate(Key key, long count, double sum, double min, double max) {

  /** Where an aggregate is kept; ordered, so batches lock rows in one global order. */
  public record Key(String tenantId, String roomId, Metric metric, Instant bucket, String sensorId)
      implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int c = tenantId.compareTo(other.tenantId);
      if (c == 0) {
        c = roomId.compareTo(other.roomId);
      }
      if (c == 0) {
        c = metric.compareTo(other.metric);
      }
      if (c == 0) {
        c = bucket.compareTo(other.bucket);
      }
      return c == 0 ? sensorId.compareTo(other.sensorId) : c;
    }
  }

  public Aggregate plus(Aggregate other) {
    return new Aggregate(
        key,
        count + other.count,
        sum + other.sum,
        Math.min(min, other.min),
        Math.max(max, other.max));
  }

  /**
   * The readings folded into one aggregate per sensor and bucket of {@code resolution}, in key
   * order.
   */
  public static List<Aggregate> of(Collection<Reading> readings, Resolution resolution) {
    // Folded by hash, then the few aggregates sorted once: a tree map compared keys per reading.
    Map<Key, Aggregate> byKey = new HashMap<>();
    for (Reading r : readings) {
      Key key =
          new Key(
              r.tenantId(),
              r.roomId(),
              r.metric(),
              resolution.bucketOf(r.timestamp()),
              r.sensorId());
      byKey.merge(key, new Aggregate(key, 1, r.value(), r.value(), r.value()), Aggregate::plus);
    }
    Aggregate[] sorted = byKey.values().toArray(Aggregate[]::new);
    Arrays.sort(sorted, Comparator.comparing(Aggregate::key));
    return List.of(sorted);
  }
}
