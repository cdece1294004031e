package io.sac4cps.analytics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The building dashboard over {@code [from, to)}, each headline figure with the previous period of
 * the same length ({@code [previousFrom, from)}) and the change.
 */
public record Summary(
    Instant from,
    Instant to,
    Instant previousFrom,
    String building,
    Occupancy occupancy,
    Energy energy,
    Comfort comfort,
    Alerts alerts,
    DataHealth dataHealth,
    List<RoomSummary> rooms) {

  public static final int TOP = 5;

  /** A figure now, in the previous period, and {@code value - previous}. */
  public record Figure(Double value, Double previous, Double change) {
    public static Figure of(Double value, Double previous) {
      return new Figure(
          value, previous, value == null || previous == null ? null : value - previous);
    }
  }

  /**
   * @param utilisationPercent the rooms' mean occupancy over their capacity (rooms with both)
   */
  public record Occupancy(Figure utilisationPercent, List<RoomUtilisation> busiestRooms) {}

  public record RoomUtilisation(String roomId, String name, double utilisationPercent) {}

  /**
   * @param kwhPerM2 total over the area of the rooms with energy readings
   */
  public record Energy(Figure totalKwh, Figure kwhPerM2, Double meteredAreaM2) {}

  /**
   * @param insidePercent comfortable over judged occupied hours, all rooms together
   */
  public record Comfort(Figure insidePercent, Figure co2ExceedanceHours, Figure occupiedHours) {}

  public record Alerts(
      Figure raised,
      Figure resolved,
      Figure active,
      Figure meanTimeToResolveSeconds,
      List<RoomAlerts> topRooms) {}

  public record RoomAlerts(String roomId, String name, long alerts) {}

  public record DataHealth(
      Figure completenessPercent,
      int sensorCount,
      List<SensorStatus> staleSensors,
      List<SensorStatus> sensors) {}

  /**
   * @param expected readings expected at the sensor's usual rate; null when it sent none
   */
  public record SensorStatus(
      String sensorId,
      String roomId,
      String metric,
      Instant lastReadingAt,
      boolean stale,
      long received,
      Long expected,
      Double completenessPercent) {}

  public record RoomOccupancy(
      Double mean, Double peak, Double utilisationPercent, Double peakUtilisationPercent) {}

  public record RoomComfort(
      long occupiedHours,
      Double insidePercent,
      Double temperaturePercent,
      Double humidityPercent,
      Double co2Percent) {}

  public record RoomSummary(
      String roomId,
      String name,
      String building,
      Integer capacity,
      Double areaM2,
      RoomOccupancy occupancy,
      Double energyKwh,
      Double kwhPerM2,
      RoomComfort comfort,
      long co2ExceedanceHours,
      long alertsRaised) {}

  /** The inputs of one summary, each already split into the two periods. */
  public record Inputs(
      Instant from,
      Instant to,
      Instant previousFrom,
      Instant now,
      Duration staleAfter,
      String building,
      Map<String, RoomFacts> rooms,
      List<String> roomIds,
      List<RoomPeriod> periods,
      List<SensorHealth> sensors,
      AlertPeriod alerts,
      AlertPeriod previousAlerts,
      Map<String, Long> topAlertRooms,
      Map<String, Long> alertsByRoom) {}

  public static Summary of(Inputs in) {
    Map<String, RoomPeriod> current = new java.util.HashMap<>();
    Map<String, RoomPeriod> previous = new java.util.HashMap<>();
    for (RoomPeriod p : in.periods()) {
      (p.current() ? current : previous).put(p.roomId(), p);
    }
    List<RoomSummary> rooms = new ArrayList<>();
    for (String roomId : in.roomIds()) {
      rooms.add(room(roomId, in.rooms().get(roomId), current.get(roomId), in.alertsByRoom()));
    }
    List<RoomUtilisation> busiest =
        rooms.stream()
            .filter(r -> r.occupancy().utilisationPercent() != null)
            .sorted(
                Comparator.comparing((RoomSummary r) -> -r.occupancy().utilisationPercent())
                    .thenComparing(RoomSummary::roomId))
            .limit(TOP)
            .map(r -> new RoomUtilisation(r.roomId(), r.name(), r.occupancy().utilisationPercent()))
            .toList();
    Occupancy occupancy =
        new Occupancy(
            Figure.of(utilisation(current, in.rooms()), utilisation(previous, in.rooms())),
            busiest);
    Energy energy =
        new Energy(
            Figure.of(energy(current), energy(previous)),
            Figure.of(perM2(current, in.rooms()), perM2(previous, in.rooms())),
            meteredArea(current, in.rooms()));
    Comfort comfort =
        new Comfort(
            Figure.of(insidePercent(current), insidePercent(previous)),
            Figure.of(
                sum(current, RoomPeriod::co2ExceedanceHours),
                sum(previous, RoomPeriod::co2ExceedanceHours)),
            Figure.of(
                sum(current, RoomPeriod::occupiedHours), sum(previous, RoomPeriod::occupiedHours)));
    Alerts alerts =
        new Alerts(
            Figure.of((double) in.alerts().raised(), (double) in.previousAlerts().raised()),
            Figure.of((double) in.alerts().resolved(), (double) in.previousAlerts().resolved()),
            Figure.of((double) in.alerts().active(), (double) in.previousAlerts().active()),
            Figure.of(
                in.alerts().meanSecondsToResolve(), in.previousAlerts().meanSecondsToResolve()),
            in.topAlertRooms().entrySet().stream()
                .map(
                    e ->
                        new RoomAlerts(
                            e.getKey(),
                            in.rooms().containsKey(e.getKey())
                                ? in.rooms().get(e.getKey()).name()
                                : null,
                            e.getValue()))
                .toList());
    return new Summary(
        in.from(),
        in.to(),
        in.previousFrom(),
        in.building(),
        occupancy,
        energy,
        comfort,
        alerts,
        dataHealth(in),
        rooms);
  }

  private static RoomSummary room(
      String roomId, RoomFacts facts, RoomPeriod period, Map<String, Long> alertsByRoom) {
    Integer capacity = facts == null ? null : facts.capacity();
    Double area = facts == null ? null : facts.areaM2();
    Double mean = period == null ? null : period.occupancyMean();
    Double peak = period == null ? null : period.occupancyPeak();
    Double energy = period == null ? null : period.energyKwh();
    RoomComfort comfort =
        period == null
            ? new RoomComfort(0, null, null, null, null)
            : new RoomComfort(
                period.occupiedHours(),
                percent(period.comfortableHours(), period.judgedHours()),
                percent(period.temperatureInside(), period.temperatureHours()),
                percent(period.humidityInside(), period.humidityHours()),
                percent(period.co2Inside(), period.co2Hours()));
    return new RoomSummary(
        roomId,
        facts == null ? null : facts.name(),
        facts == null ? null : facts.building(),
        capacity,
        area,
        new RoomOccupancy(mean, peak, ofCapacity(mean, capacity), ofCapacity(peak, capacity)),
        energy,
        energy == null || area == null ? null : energy / area,
        comfort,
        period == null ? 0 : period.co2ExceedanceHours(),
        alertsByRoom.getOrDefault(roomId, 0L));
  }

  private static Double ofCapacity(Double value, Integer capacity) {
    return value == null || capacity == null || capacity == 0 ? null : value / capacity * 100;
  }

  private static Double percent(long part, long whole) {
    return whole == 0 ? null : (double) part / whole * 100;
  }

  private static Double utilisation(Map<String, RoomPeriod> periods, Map<String, RoomFacts> rooms) {
    double occupants = 0;
    long capacity = 0;
    for (RoomPeriod p : periods.values()) {
      RoomFacts facts = rooms.get(p.roomId());
      if (p.occupancyMean() != null && facts != null && facts.capacity() != null) {
        occupants += p.occupancyMean();
        capacity += facts.capacity();
      }
    }
    return capacity == 0 ? null : occupants / capacity * 100;
  }

  private static Double energy(Map<String, RoomPeriod> periods) {
    return periods.values().stream()
        .map(RoomPeriod::energyKwh)
        .filter(java.util.Objects::nonNull)
        .reduce(Double::sum)
        .orElse(null);
  }

  private static Double meteredArea(Map<String, RoomPeriod> periods, Map<String, RoomFacts> rooms) {
    return periods.values().stream()
        .filter(p -> p.energyKwh() != null && rooms.containsKey(p.roomId()))
        .map(p -> rooms.get(p.roomId()).areaM2())
        .filter(java.util.Objects::nonNull)
        .reduce(Double::sum)
        .orElse(null);
  }

  private static Double perM2(Map<String, RoomPeriod> periods, Map<String, RoomFacts> rooms) {
    double kwh = 0;
    double area = 0;
    for (RoomPeriod p : periods.values()) {
      RoomFacts facts = rooms.get(p.roomId());
      if (p.energyKwh() != null && facts != null && facts.areaM2() != null) {
        kwh += p.energyKwh();
        area += facts.areaM2();
      }
    }
    return area == 0 ? null : kwh / area;
  }

  private static Double insidePercent(Map<String, RoomPeriod> periods) {
    return percent(
        periods.values().stream().mapToLong(RoomPeriod::comfortableHours).sum(),
        periods.values().stream().mapToLong(RoomPeriod::judgedHours).sum());
  }

  private static Double sum(
      Map<String, RoomPeriod> periods, java.util.function.ToLongFunction<RoomPeriod> figure) {
    return (double) periods.values().stream().mapToLong(figure).sum();
  }

  private static DataHealth dataHealth(Inputs in) {
    List<SensorStatus> sensors = new ArrayList<>();
    long[] totals = new long[4]; // received, expected: current, previous
    Instant end = in.to().isBefore(in.now()) ? in.to() : in.now();
    Instant previousEnd = in.from().isBefore(in.now()) ? in.from() : in.now();
    // A sensor silent for a whole period is judged by its rate in the other one.
    Map<String, Double> usual = new java.util.HashMap<>();
    in.sensors().stream()
        .filter(h -> h.usualPerHour() != null)
        .forEach(h -> usual.merge(h.sensorId(), h.usualPerHour(), (a, b) -> h.current() ? b : a));
    for (SensorHealth sensor : in.sensors()) {
      SensorHealth h =
          sensor.usualPerHour() != null
              ? sensor
              : new SensorHealth(
                  sensor.sensorId(),
                  sensor.roomId(),
                  sensor.metric(),
                  sensor.firstReading(),
                  sensor.lastReading(),
                  sensor.current(),
                  sensor.received(),
                  usual.get(sensor.sensorId()));
      Instant periodStart = h.current() ? in.from() : in.previousFrom();
      Instant periodEnd = h.current() ? end : previousEnd;
      Long expected = expected(h, periodStart, periodEnd);
      int offset = h.current() ? 0 : 2;
      if (expected != null) {
        totals[offset] += Math.min(h.received(), expected);
        totals[offset + 1] += expected;
      }
      if (h.current()) {
        boolean stale = h.lastReading().isBefore(end.minus(in.staleAfter()));
        sensors.add(
            new SensorStatus(
                h.sensorId(),
                h.roomId(),
                h.metric().wireName(),
                h.lastReading(),
                stale,
                h.received(),
                expected,
                expected == null || expected == 0
                    ? null
                    : Math.min(100.0, (double) h.received() / expected * 100)));
      }
    }
    sensors.sort(Comparator.comparing(SensorStatus::sensorId));
    return new DataHealth(
        Figure.of(
            totals[1] == 0 ? null : (double) totals[0] / totals[1] * 100,
            totals[3] == 0 ? null : (double) totals[2] / totals[3] * 100),
        sensors.size(),
        sensors.stream().filter(SensorStatus::stale).toList(),
        sensors);
  }

  /**
   * The usual hourly count times the hours of the period since the sensor's first reading's hour;
   * null without a usual rate (it never sent in either period) or when it did not exist yet.
   */
  private static Long expected(SensorHealth h, Instant start, Instant end) {
    if (h.usualPerHour() == null) {
      return null;
    }
    Instant first = h.firstReading().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    Instant from = first.isAfter(start) ? first : start;
    if (!end.isAfter(from)) {
      return null;
    }
    double hours = Duration.between(from, end).toSeconds() / 3600.0;
    return Math.round(h.usualPerHour() * hours);
  }
}
