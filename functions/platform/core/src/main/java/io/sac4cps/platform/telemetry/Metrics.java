package io.sac4cps.platform.telemetry;

import io.micronaut.context.annotation.Value;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Metrics as CloudWatch Embedded Metric Format lines on stdout: CloudWatch Logs extracts them, so
 * recording a metric costs one line of output and never an API call on the request path. Every line
 * has the {@code Service} dimension (the function) plus the caller's; the current trace id goes
 * along as a property (not a dimension), so a spike can be followed to its traces.
 *
 * <pre>{@code
 * metrics.emit(Map.of("Route", "POST /sensors/data"),
 *     Metric.count("Requests", 1), Metric.millis("Latency", 12.5));
 * }</pre>
 */
@Singleton
public class Metrics {
  public static final String NAMESPACE = "sac4cps";
  public static final String SERVICE = "Service";

  private final String service;
  private final Clock clock;
  private final Consumer<String> out;

  /**
   * @param localView the local stack's metrics view, which gets a copy of every line ({@link
   *     CollectorMetricExport}); absent in AWS, where stdout is the only way out
   */
  @Inject
  public Metrics(
      @Value("${micronaut.application.name:function}") String service,
      Clock clock,
      Optional<CollectorMetricExport> localView) {
    this(
        service,
        clock,
        localView
            .<Consumer<String>>map(
                view ->
                    line -> {
                      print(line);
                      view.offer(line);
                    })
            .orElse(Metrics::print));
  }

  /** Lines go to {@code out} instead of stdout (tests). */
  public Metrics(String service, Clock clock, Consumer<String> out) {
    this.service = service;
    this.clock = clock;
    this.out = out;
  }

  /** One EMF line: the {@code metrics} under {@code Service} and the {@code dimensions} given. */
  public void emit(Map<String, String> dimensions, Metric... metrics) {
    if (metrics.length == 0) {
      return;
    }
    Map<String, String> all = new LinkedHashMap<>();
    all.put(SERVICE, service);
    all.putAll(dimensions);
    out.accept(line(all, List.of(metrics)));
  }

  private String line(Map<String, String> dimensions, List<Metric> metrics) {
    StringBuilder json = new StringBuilder(256);
    json.append("{\"_aws\":{\"Timestamp\":")
        .append(clock.millis())
        .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"")
        .append(NAMESPACE)
        .append("\",\"Dimensions\":[[");
    List<String> names = new ArrayList<>(dimensions.keySet());
    for (int i = 0; i < names.size(); i++) {
      json.append(i == 0 ? "" : ",");
      string(json, names.get(i));
    }
    json.append("]],\"Metrics\":[");
    for (int i = 0; i < metrics.size(); i++) {
      json.append(i == 0 ? "" : ",").append("{\"Name\":");
      string(json, metrics.get(i).name());
      json.append(",\"Unit\":");
      string(json, metrics.get(i).unit());
      json.append('}');
    }
    json.append("]}]}");
    dimensions.forEach(
        (name, value) -> {
          json.append(',');
          string(json, name);
          json.append(':');
          string(json, value);
        });
    for (Metric metric : metrics) {
      json.append(',');
      string(json, metric.name());
      json.append(':').append(number(metric.value()));
    }
    var span = Span.current().getSpanContext();
    if (span.isValid()) {
      json.append(",\"traceId\":\"").append(span.getTraceId()).append('"');
    }
    return json.append('}').toString();
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  /** A JSON string; dimension values are routes, topics and queue names, escaped all the same. */
  private static void string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }

  private static synchronized void print(String line) {
    System.out.println(line);
  }
}
