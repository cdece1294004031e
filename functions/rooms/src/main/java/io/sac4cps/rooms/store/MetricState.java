package io.sac4cps.rooms.store;

import io.sac4cps.rooms.domain.AlertPolicy;
import java.time.Instant;

/**
 * A room metric's row in {@code metric_current}: the latest value (null before the first reading)
 * and the alert debounce counters.
 */
public record MetricState(
    Double value, String unit, Instant timestamp, String sensorId, AlertPolicy.Streaks streaks) {
  /** A series without a row yet: no value, counters at zero (the schema's defaults). */
  public static final MetricState NONE =
      new MetricState(null, null, null, null, AlertPolicy.Streaks.NONE);
}
