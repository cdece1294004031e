package io.sac4cps.analytics.domain;

import java.time.Instant;

/**
 * The sizes of the projection's buckets, aligned to UTC. Every time zone's offset today is a
 * multiple of 15 minutes (Asia/Kolkata +05:30, Asia/Kathmandu +05:45), so quarter hours fill the
 * calendar buckets of any zone exactly; hours do for zones with whole-hour offsets.
 */
public enum Resolution {
  QUARTER_HOUR(900, "reading_quarter"),
  HOUR(3600, "reading_hour");

  private final long seconds;
  private final String table;

  Resolution(long seconds, String table) {
    this.seconds = seconds;
    this.table = table;
  }

  public long seconds() {
    return seconds;
  }

  /** The table of the projection that holds this resolution. */
  public String table() {
    return table;
  }

  /** The start of the bucket holding {@code time}. */
  public Instant bucketOf(Instant time) {
    return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), seconds) * seconds);
  }
}
