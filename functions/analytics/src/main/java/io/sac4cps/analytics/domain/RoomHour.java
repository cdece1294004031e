package io.sac4cps.analytics.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts and sums of a room's occupancy, comfort and energy readings in one UTC hour, over all its
 * sensors (and the peak occupancy): what the summary judges an hour by. Light is not summarised.
 *
 * @param counts by {@link #METRICS} index
 * @param occupancyMax null without occupancy readings
 */
public record RoomHour(Key key, long[] counts, double[] sums, Double occupancyMax) {
  /** The metrics kept, in column order. */
  public static final List<Metric> METRICS =
      List.of(Metric.OCCUPANCY, Metric.TEMPERATURE, Metric.HUMIDITY, Metric.CO2, Metric.ENERGY);

  /** Ordered, so batches lock rows in one global order. */
  public record Key(String tenantId, String roomId, Instant bucket) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int c = tenantId.compareTo(other.tenantId);
      if (c == 0) {
        c = roomId.compareTo(other.roomId);
      }
      return c == 0 ? bucket.compareTo(other.bucket) : c;
    }
  }

  /** The readings folded into one row per room and hour, in key order. */
  public static List<RoomHour> of(Collection<Reading> readings) {
    Map<Key, RoomHour> byKey = new HashMap<>();
    for (Reading r : readings) {
      int index = METRICS.indexOf(r.metric());
      if (index < 0) {
        continue;
      }
      Key key = new Key(r.tenantId(), r.roomId(), Resolution.HOUR.bucketOf(r.timestamp()));
      RoomHour row =
          byKey.computeIfAbsent(
              key,
              k -> new RoomHour(k, new long[METRICS.size()], new double[METRICS.size()], null));
      row.counts[index]++;
      row.sums[index] += r.value();
      if (r.metric() == Metric.OCCUPANCY
          && (row.occupancyMax == null || r.value() > row.occupancyMax)) {
        byKey.put(key, new RoomHour(key, row.counts, row.sums, r.value()));
      }
    }
    RoomHour[] sorted = byKey.values().toArray(RoomHour[]::new);
    Arrays.sort(sorted, Comparator.comparing(RoomHour::key));
    return List.of(sorted);
  }
}
