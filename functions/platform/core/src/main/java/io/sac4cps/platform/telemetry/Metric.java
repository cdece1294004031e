package io.sac4cps.platform.telemetry;

/**
 * One value of an EMF metric line.
 *
 * @param unit a CloudWatch unit: {@code Count}, {@code Milliseconds}, {@code Seconds}, …
 */
public record Metric(String name, String unit, double value) {
  public static final String COUNT = "Count";
  public static final String MILLISECONDS = "Milliseconds";
  public static final String SECONDS = "Seconds";

  public static Metric count(String name, long value) {
    return new Metric(name, COUNT, value);
  }

  public static Metric millis(String name, double value) {
    return new Metric(name, MILLISECONDS, value);
  }

  public static Metric seconds(String name, double value) {
    return new Metric(name, SECONDS, value);
  }
}
