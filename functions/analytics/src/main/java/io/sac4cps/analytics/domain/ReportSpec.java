package io.sac4cps.analytics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a report covers: {@code kind} over {@code [from, to)} (whole UTC hours) of one building or
 * the whole tenant ({@code building} null), in {@code format}; split into days from {@code from}.
 */
public record ReportSpec(Kind kind, String building, Instant from, Instant to, Format format) {
  public static final Duration DAY = Duration.ofDays(1);

  public enum Kind {
    BUILDING_SUMMARY("building-summary", "Building summary"),
    COMFORT("comfort", "Comfort"),
    ENERGY("energy", "Energy");

    private final String wireName;
    private final String title;

    Kind(String wireName, String title) {
      this.wireName = wireName;
      this.title = title;
    }

    public String wireName() {
      return wireName;
    }

    public String title() {
      return title;
    }

    public boolean covers(Kind part) {
      return this == BUILDING_SUMMARY || this == part;
    }

    public static Optional<Kind> fromWire(String name) {
      return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }
  }

  public enum Format {
    PDF("pdf", "application/pdf"),
    CSV("csv", "text/csv");

    private final String wireName;
    private final String contentType;

    Format(String wireName, String contentType) {
      this.wireName = wireName;
      this.contentType = contentType;
    }

    public String wireName() {
      return wireName;
    }

    public String contentType() {
      return contentType;
    }

    /** The file's name in the task's output folder. */
    public String fileName() {
      return "report." + wireName;
    }

    public static Optional<Format> fromWire(String name) {
      return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }
  }

  /** The report's days: 24 hours each from {@code from}, the last one ending at {@code to}. */
  public List<Period> days() {
    List<Period> days = new ArrayList<>();
    for (Instant start = from; start.isBefore(to); start = start.plus(DAY)) {
      Instant end = start.plus(DAY);
      days.add(new Period(start, end.isAfter(to) ? to : end));
    }
    return days;
  }

  public record Period(Instant from, Instant to) {}
}
