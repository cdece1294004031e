package io.sac4cps.rooms.domain;

import java.time.Instant;

/** A sensor reading of a room, as the consumer applies it. */
public record Reading(
    String tenantId,
    String roomId,
    String sensorId,
    Metric metric,
    String unit,
    double value,
    Instant timestamp) {

  public Series series() {
    return new Series(tenantId, roomId, metric);
  }

  /**
   * Whether this reading is newer than one at {@code ts} from {@code sensor}: later wins, ties by
   * sensor id.
   */
  public boolean isNewerThan(Instant ts, String sensor) {
    if (ts == null) {
      return true;
    }
    int byTime = timestamp.compareTo(ts);
    return byTime > 0 || (byTime == 0 && sensorId.compareTo(sensor == null ? "" : sensor) > 0);
  }
}
