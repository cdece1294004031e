package io.sac4cps.analytics.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reads a report's parameters (the contract's {@code AnalyticsReportParams}): from the body of POST
 * /analytics/reports and from the params of an {@code analytics-report} task, which POST /tasks
 * checked against the same schema. {@code from} is rounded down and {@code to} up to the hour, as
 * the summary's are.
 */
public final class ReportParams {
  private static final Set<String> NAMES = Set.of("kind", "building", "from", "to", "format");

  private ReportParams() {}

  /**
   * The report, or null after telling {@code fail} (field, message) each problem.
   *
   * @param maxDays the contract's {@code x-max-period-days}
   */
  public static ReportSpec parse(
      Map<String, Object> params, long maxDays, BiConsumer<String, String> fail) {
    Problems problems = new Problems(fail);
    params.keySet().stream()
        .filter(name -> !NAMES.contains(name))
        .forEach(name -> problems.fail(name, "is not a report parameter"));
    ReportSpec.Kind kind = null;
    Object kindName = params.get("kind");
    if (kindName == null) {
      problems.fail("kind", "is required");
    } else {
      kind = kindName instanceof String k ? ReportSpec.Kind.fromWire(k).orElse(null) : null;
      if (kind == null) {
        problems.fail("kind", "must be one of building-summary, comfort, energy");
      }
    }
    ReportSpec.Format format = ReportSpec.Format.PDF;
    Object formatName = params.get("format");
    if (formatName != null) {
      format = formatName instanceof String f ? ReportSpec.Format.fromWire(f).orElse(null) : null;
      if (format == null) {
        problems.fail("format", "must be pdf or csv");
      }
    }
    String building = null;
    Object buildingValue = params.get("building");
    if (buildingValue != null) {
      if (buildingValue instanceof String b && !b.isBlank() && b.length() <= 200) {
        building = b;
      } else {
        problems.fail("building", "must be 1 to 200 characters");
      }
    }
    Instant from = instant(params, "from", problems);
    Instant to = instant(params, "to", problems);
    if (from != null && to != null) {
      from = from.truncatedTo(ChronoUnit.HOURS);
      Instant floor = to.truncatedTo(ChronoUnit.HOURS);
      to = floor.equals(to) ? to : floor.plus(1, ChronoUnit.HOURS);
      if (!to.isAfter(from)) {
        problems.fail("to", "must be after from");
      } else if (Duration.between(from, to).compareTo(Duration.ofDays(maxDays)) > 0) {
        problems.fail("to", "must be at most " + maxDays + " days after from");
      }
    }
    return problems.none ? new ReportSpec(kind, building, from, to, format) : null;
  }

  private static Instant instant(Map<String, Object> params, String name, Problems problems) {
    Object value = params.get(name);
    if (value == null) {
      problems.fail(name, "is required");
      return null;
    }
    try {
      if (value instanceof String text) {
        return OffsetDateTime.parse(text).toInstant();
      }
    } catch (DateTimeParseException e) {
      // below
    }
    problems.fail(name, "must be an RFC 3339 date-time");
    return null;
  }

  private static final class Problems {
    private final BiConsumer<String, String> fail;
    boolean none = true;

    Problems(BiConsumer<String, String> fail) {
      this.fail = fail;
    }

    void fail(String field, String message) {
      none = false;
      fail.accept(field, message);
    }
  }
}
