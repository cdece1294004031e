package io.sac4cps.rooms.domain;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/**
 * The step of a history query and the rollup it is served from: 1m and 5m from minute rollups, 1h
 * and 1d from hourly rollups, so a 30-day query reads 720 rows, not 43,200.
 */
public enum HistoryInterval {
  ONE_MINUTE("1m", Duration.ofMinutes(1), ChronoUnit.MINUTES),
  FIVE_MINUTES("5m", Duration.ofMinutes(5), ChronoUnit.MINUTES),
  ONE_HOUR("1h", Duration.ofHours(1), ChronoUnit.HOURS),
  ONE_DAY("1d", Duration.ofDays(1), ChronoUnit.HOURS);

  private final String wireName;
  private final Duration step;
  private final ChronoUnit source;

  HistoryInterval(String wireName, Duration step, ChronoUnit source) {
    this.wireName = wireName;
    this.step = step;
    this.source = source;
  }

  public String wireName() {
    return wireName;
  }

  public Duration step() {
    return step;
  }

  /** The rollup granularity the points are computed from. */
  public ChronoUnit source() {
    return source;
  }

  /** Whether a point is one source rollup as stored, no grouping needed. */
  public boolean isSourceGranularity() {
    return step.equals(source.getDuration());
  }

  /** The most points a range can produce: one per step it touches. */
  public long maxPoints(java.time.Instant from, java.time.Instant to) {
    long seconds = step.toSeconds();
    long first = Math.floorDiv(from.getEpochSecond(), seconds);
    long last = Math.floorDiv(to.getEpochSecond() - 1, seconds);
    return last - first + 1;
  }

  public static Optional<HistoryInterval> fromWire(String name) {
    return Arrays.stream(values()).filter(i -> i.wireName.equals(name)).findFirst();
  }

  public static String allowed() {
    return String.join(", ", Arrays.stream(values()).map(HistoryInterval::wireName).toList());
  }
}
