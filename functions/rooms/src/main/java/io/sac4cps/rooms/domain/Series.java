package io.sac4cps.rooms.domain;

import java.util.Comparator;

/** One metric of one room: the unit of current values, rollups and alerts. */
public record Series(String tenantId, String roomId, Metric metric) implements Comparable<Series> {

  private static final Comparator<Series> ORDER =
      Comparator.comparing(Series::tenantId)
          .thenComparing(Series::roomId)
          .thenComparing(s -> s.metric().wireName());

  /** The order rows are locked in, the same in every transaction so none deadlock. */
  @Override
  public int compareTo(Series other) {
    return ORDER.compare(this, other);
  }
}
