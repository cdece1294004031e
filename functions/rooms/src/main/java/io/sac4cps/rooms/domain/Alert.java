package io.sac4cps.rooms.domain;

import java.time.Instant;

/**
 * An alert on one room metric; active while {@code resolvedAt} is null.
 *
 * @param acknowledgement who acknowledged it first and when; null while nobody has
 */
public record Alert(
    String id,
    Series series,
    String sensorId,
    double value,
    String unit,
    Limits limits,
    Limits.Crossed crossed,
    Instant raisedAt,
    Acknowledgement acknowledgement) {

  /** A new alert, not acknowledged. */
  public Alert(
      String id,
      Series series,
      String sensorId,
      double value,
      String unit,
      Limits limits,
      Limits.Crossed crossed,
      Instant raisedAt) {
    this(id, series, sensorId, value, unit, limits, crossed, raisedAt, null);
  }

  /** Who acknowledged an alert (a user id, the token's subject) and when. */
  public record Acknowledgement(String by, Instant at) {}
}
