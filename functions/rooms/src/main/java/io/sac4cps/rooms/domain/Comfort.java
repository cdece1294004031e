package io.sac4cps.rooms.domain;

import java.time.Instant;
import java.util.Map;

/**
 * How much of a window a room spent within its thresholds, judged per minute from minute-rollup
 * averages.
 *
 * @param share of the minutes with data for a metric that has a threshold, the share in which every
 *     such metric was within its limits; null when there is no such minute
 * @param minutes how many minutes had data for a metric with a threshold
 * @param metrics the same per metric
 */
public record Comfort(
    Instant from, Instant to, Double share, long minutes, Map<Metric, MetricComfort> metrics) {

  public record MetricComfort(double share, long minutes) {}
}
