package io.sac4cps.analytics.tasks;

import io.sac4cps.analytics.domain.ReportSpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A report as CSV (RFC 4180): one row per room and day, the columns of the report's kind. Numbers
 * are written exactly (no rounding), an empty cell where there is no figure (no reading, no
 * threshold), so the rows sum to the summary's totals.
 */
final class ReportCsv {
  private ReportCsv() {}

  private record Column(String name, Function<ReportDay.Room, Object> value) {}

  static byte[] render(ReportSpec spec, List<ReportDay> days) {
    List<Column> columns = columns(spec.kind());
    StringBuilder csv = new StringBuilder();
    csv.append("roomId,room,building,from,to");
    columns.forEach(c -> csv.append(',').append(c.name()));
    csv.append("\r\n");
    for (ReportDay day : days) {
      for (ReportDay.Room room : day.rooms()) {
        csv.append(text(room.roomId()))
            .append(',')
            .append(text(room.name()))
            .append(',')
            .append(text(room.building()))
            .append(',')
            .append(day.from())
            .append(',')
            .append(day.to());
        for (Column column : columns) {
          csv.append(',').append(number(column.value().apply(room)));
        }
        csv.append("\r\n");
      }
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<Column> columns(ReportSpec.Kind kind) {
    List<Column> columns = new ArrayList<>();
    if (kind.covers(ReportSpec.Kind.BUILDING_SUMMARY)) {
      columns.add(new Column("occupancyMean", ReportDay.Room::occupancyMean));
      columns.add(new Column("utilisationPercent", ReportDay.Room::utilisationPercent));
      columns.add(new Column("peakUtilisationPercent", ReportDay.Room::peakUtilisationPercent));
    }
    if (kind.covers(ReportSpec.Kind.ENERGY)) {
      columns.add(new Column("energyKwh", ReportDay.Room::energyKwh));
      columns.add(new Column("kwhPerM2", ReportDay.Room::kwhPerM2));
    }
    if (kind.covers(ReportSpec.Kind.COMFORT)) {
      columns.add(new Column("occupiedHours", ReportDay.Room::occupiedHours));
      columns.add(new Column("comfortPercent", ReportDay.Room::comfortPercent));
      columns.add(new Column("temperaturePercent", ReportDay.Room::temperaturePercent));
      columns.add(new Column("humidityPercent", ReportDay.Room::humidityPercent));
      columns.add(new Column("co2Percent", ReportDay.Room::co2Percent));
      columns.add(new Column("co2ExceedanceHours", ReportDay.Room::co2ExceedanceHours));
    }
    if (kind.covers(ReportSpec.Kind.BUILDING_SUMMARY)) {
      columns.add(new Column("alertsRaised", ReportDay.Room::alertsRaised));
    }
    return columns;
  }

  private static String number(Object value) {
    return switch (value) {
      case null -> "";
      case Double d -> new BigDecimal(d.toString()).stripTrailingZeros().toPlainString();
      default -> value.toString();
    };
  }

  /**
   * A text cell, quoted when it holds a comma, quote or line break; one a spreadsheet would run as
   * a formula (=, +, -, @ first) is prefixed with an apostrophe.
   */
  static String text(String value) {
    if (value == null) {
      return "";
    }
    if (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0) {
      value = "'" + value;
    }
    if (value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }
}
