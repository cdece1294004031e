package io.sac4cps.localstack.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The local stack's view of the functions' metrics: each function copies its CloudWatch Embedded
 * Metric Format lines to {@code POST /_local/metrics} (platform's {@code CollectorMetricExport},
 * newline-delimited), and {@code GET /_local/metrics} answers them in the Prometheus text
 * exposition format 0.0.4 (decision 0078):
 *
 * <ul>
 *   <li>{@code Count} metrics are counters, summed per name and dimension set: {@code Requests}
 *       becomes {@code sac4cps_requests_total}; except the few that report a level rather than an
 *       increment ({@link #LEVELS}), which are gauges;
 *   <li>{@code Milliseconds} metrics are summaries in seconds ({@code _count} and {@code _sum}):
 *       {@code Latency} becomes {@code sac4cps_latency_seconds};
 *   <li>any other unit ({@code Seconds}: the outbox lag) is a gauge holding the last value.
 * </ul>
 *
 * Names are snake-cased and stripped to Prometheus' {@code [a-zA-Z_:][a-zA-Z0-9_:]*}; the EMF
 * dimensions ({@code Service}, {@code Route}, {@code Consumer}, …) become the labels. Everything
 * since the stack started, in memory.
 */
public final class MetricsView implements HttpHandler {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** {@code Count} metrics that report how many there are now, not how many happened. */
  static final Set<String> LEVELS = Set.of("OutboxPending");

  private static final String PREFIX = "sac4cps_";
  private static final ObjectMapper JSON = new ObjectMapper();

  private enum Type {
    COUNTER,
    SUMMARY,
    GAUGE
  }

  /** One family: its type, help, and its series by their rendered label set. */
  private static final class Family {
    final Type type;
    final String help;
    final Map<String, double[]> series = new TreeMap<>();

    Family(Type type, String help) {
      this.type = type;
      this.help = help;
    }
  }

  private final Map<String, Family> families = new TreeMap<>();

  /** Records one EMF document; anything that is not one is ignored. */
  public synchronized void record(JsonNode document) {
    for (JsonNode directive : document.path("_aws").path("CloudWatchMetrics")) {
      Set<String> dimensions = new TreeSet<>();
      directive.path("Dimensions").forEach(set -> set.forEach(d -> dimensions.add(d.asText())));
      String labels = labels(dimensions, document);
      for (JsonNode metric : directive.path("Metrics")) {
        String name = metric.path("Name").asText("");
        String unit = metric.path("Unit").asText("None");
        List<Double> values = values(document.path(name));
        if (name.isEmpty() || values.isEmpty()) {
          continue;
        }
        record(name, unit, labels, values);
      }
    }
  }

  private void record(String name, String unit, String labels, List<Double> values) {
    Type type;
    String family;
    if (unit.equals("Count") && !LEVELS.contains(name)) {
      type = Type.COUNTER;
      family = PREFIX + snake(name) + "_total";
    } else if (unit.equals("Milliseconds")) {
      type = Type.SUMMARY;
      family = PREFIX + snake(name) + "_seconds";
    } else {
      type = Type.GAUGE;
      family =
          PREFIX
              + snake(name)
              + (unit.equals("Count") || unit.equals("None") ? "" : "_" + snake(unit));
    }
    Family f =
        families.computeIfAbsent(
            family, n -> new Family(type, "EMF metric " + name + " (" + unit + ")"));
    if (f.type != type) {
      return; // the same name under another unit: the first one seen keeps the family
    }
    double[] series = f.series.computeIfAbsent(labels, l -> new double[2]);
    for (double value : values) {
      switch (type) {
        case COUNTER -> series[0] += value;
        case SUMMARY -> {
          series[0] += 1;
          series[1] += value; // milliseconds until shown, so sums stay exact
        }
        case GAUGE -> series[0] = value;
      }
    }
  }

  /** Everything recorded, as Prometheus text exposition format 0.0.4. */
  public synchronized String exposition() {
    StringBuilder text = new StringBuilder();
    families.forEach(
        (name, family) -> {
          text.append("# HELP ").append(name).append(' ').append(family.help).append('\n');
          text.append("# TYPE ")
              .append(name)
              .append(' ')
              .append(family.type.name().toLowerCase())
              .append('\n');
          family.series.forEach(
              (labels, value) -> {
                if (family.type == Type.SUMMARY) {
                  sample(text, name + "_count", labels, value[0]);
                  sample(text, name + "_sum", labels, value[1] / 1000);
                } else {
                  sample(text, name, labels, value[0]);
                }
              });
        });
    return text.toString();
  }

  private static void sample(StringBuilder text, String name, String labels, double value) {
    text.append(name).append(labels).append(' ').append(number(value)).append('\n');
  }

  private static String labels(Set<String> dimensions, JsonNode document) {
    Map<String, String> labels = new TreeMap<>();
    for (String dimension : dimensions) {
      JsonNode value = document.path(dimension);
      if (!value.isMissingNode() && !value.isNull()) {
        labels.put(snake(dimension), value.asText());
      }
    }
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder rendered = new StringBuilder("{");
    labels.forEach(
        (label, value) -> {
          rendered.append(rendered.length() == 1 ? "" : ",").append(label).append("=\"");
          for (char c : value.toCharArray()) {
            switch (c) {
              case '\\' -> rendered.append("\\\\");
              case '"' -> rendered.append("\\\"");
              case '\n' -> rendered.append("\\n");
              default -> rendered.append(c);
            }
          }
          rendered.append('"');
        });
    return rendered.append('}').toString();
  }

  private static List<Double> values(JsonNode value) {
    List<Double> values = new ArrayList<>();
    if (value.isNumber()) {
      values.add(value.doubleValue());
    } else if (value.isArray()) {
      value.forEach(v -> values.addAll(values(v)));
    }
    return values;
  }

  /**
   * {@code ReadingsAccepted} → {@code readings_accepted}, {@code DLQSends} → {@code dlq_sends}:
   * Prometheus' name characters only, never starting with a digit.
   */
  static String snake(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean upper = Character.isUpperCase(c);
      if (upper
          && i > 0
          && (Character.isLowerCase(name.charAt(i - 1))
              || Character.isDigit(name.charAt(i - 1))
              || (i + 1 < name.length()
                  && Character.isLowerCase(name.charAt(i + 1))
                  && Character.isUpperCase(name.charAt(i - 1))))) {
        out.append('_');
      }
      out.append(
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              ? Character.toLowerCase(c)
              : '_');
    }
    String snake = out.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
    return snake.isEmpty() || Character.isDigit(snake.charAt(0)) ? "_" + snake : snake;
  }

  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  /** Records newline-delimited EMF lines; a line that is not JSON is skipped. */
  public void recordLines(InputStream body) throws IOException {
    recordLines(new String(body.readAllBytes(), StandardCharsets.UTF_8));
  }

  /** Records newline-delimited EMF lines; a line that is not JSON is skipped. */
  public void recordLines(String text) {
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        try {
          record(JSON.readTree(line));
        } catch (IOException e) {
          // Not an EMF document: nothing to count.
        }
      }
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      switch (exchange.getRequestMethod()) {
        case "POST" -> {
          recordLines(exchange.getRequestBody());
          exchange.sendResponseHeaders(204, -1);
        }
        case "GET" -> respond(exchange, 200, CONTENT_TYPE, exposition());
        default -> respond(exchange, 405, "application/json", "{\"title\":\"Method Not Allowed\"}");
      }
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
