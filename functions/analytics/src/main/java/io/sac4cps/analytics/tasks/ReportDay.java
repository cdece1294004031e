package io.sac4cps.analytics.tasks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.analytics.domain.Summary;
import java.time.Instant;
import java.util.List;

/**
 * One day of a report: the building's figures and each room's, as {@code GET /analytics/summary}
 * computes them for that day. Saved in the run's checkpoint, so a resumed run computes only the
 * days after it.
 */
@Serdeable
record ReportDay(
    Instant from,
    Instant to,
    @Nullable Double utilisationPercent,
    @Nullable Double energyKwh,
    @Nullable Double comfortPercent,
    double co2ExceedanceHours,
    List<Room> rooms) {

  ReportDay {
    rooms = rooms == null ? List.of() : List.copyOf(rooms);
  }

  @Serdeable
  record Room(
      String roomId,
      @Nullable String name,
      @Nullable String building,
      @Nullable Double occupancyMean,
      @Nullable Double utilisationPercent,
      @Nullable Double peakUtilisationPercent,
      @Nullable Double energyKwh,
      @Nullable Double kwhPerM2,
      long occupiedHours,
      @Nullable Double comfortPercent,
      @Nullable Double temperaturePercent,
      @Nullable Double humidityPercent,
      @Nullable Double co2Percent,
      long co2ExceedanceHours,
      long alertsRaised) {}

  static ReportDay of(Summary day) {
    return new ReportDay(
        day.from(),
        day.to(),
        day.occupancy().utilisationPercent().value(),
        day.energy().totalKwh().value(),
        day.comfort().insidePercent().value(),
        day.comfort().co2ExceedanceHours().value(),
        day.rooms().stream()
            .map(
                r ->
                    new Room(
                        r.roomId(),
                        r.name(),
                        r.building(),
                        r.occupancy().mean(),
                        r.occupancy().utilisationPercent(),
                        r.occupancy().peakUtilisationPercent(),
                        r.energyKwh(),
                        r.kwhPerM2(),
                        r.comfort().occupiedHours(),
                        r.comfort().insidePercent(),
                        r.comfort().temperaturePercent(),
                        r.comfort().humidityPercent(),
                        r.comfort().co2Percent(),
                        r.co2ExceedanceHours(),
                        r.alertsRaised()))
            .toList());
  }
}
