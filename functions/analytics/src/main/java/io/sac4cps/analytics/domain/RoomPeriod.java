package io.sac4cps.analytics.domain;

/**
 * A room's figures over one period, from its hour aggregates. An hour is occupied when the room's
 * occupancy readings in it peak above 0 (in a room without occupancy readings in the period: every
 * hour with a temperature, humidity or CO2 reading); comfort judges occupied hours whose mean
 * temperature, humidity or CO2 has a threshold.
 *
 * @param occupancySum sum of occupancy readings; with {@code occupancyCount} their mean
 * @param occupancyPeak null without occupancy readings
 * @param energyKwh null without energy readings
 * @param judgedHours occupied hours with at least one judged comfort metric
 * @param comfortableHours judged hours in which every judged metric was within its limits
 */
public record RoomPeriod(
    String roomId,
    boolean current,
    double occupancySum,
    long occupancyCount,
    Double occupancyPeak,
    Double energyKwh,
    long occupiedHours,
    long judgedHours,
    long comfortableHours,
    long temperatureHours,
    long temperatureInside,
    long humidityHours,
    long humidityInside,
    long co2Hours,
    long co2Inside,
    long co2ExceedanceHours) {

  public Double occupancyMean() {
    return occupancyCount == 0 ? null : occupancySum / occupancyCount;
  }
}
